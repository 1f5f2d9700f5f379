CREATE TABLE `evidence` (
	`seq` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`id` text NOT NULL,
	`incident_seq` integer NOT NULL,
	`sha256` text NOT NULL,
	`sha512` text NOT NULL,
	`size` integer NOT NULL,
	`media_type` text NOT NULL,
	`original_name` text NOT NULL,
	`name` text NOT NULL,
	`description` text,
	`source` text,
	`collected_by` text,
	`collected_at` text,
	`metadata` text NOT NULL,
	`flags` text NOT NULL,
	`created_at` text NOT NULL,
	`created_by` text NOT NULL,
	`ingest_index` integer NOT NULL,
	FOREIGN KEY (`incident_seq`) REFERENCES `incidents`(`seq`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `evidence_id` ON `evidence` (`id`);--> statement-breakpoint
CREATE INDEX `evidence_sha256` ON `evidence` (`sha256`);--> statement-breakpoint
CREATE INDEX `evidence_incident` ON `evidence` (`incident_seq`,`seq`);--> statement-breakpoint
CREATE TABLE `evidence_copies` (
	`evidence_seq` integer NOT NULL,
	`variant` text NOT NULL,
	`sha256` text NOT NULL,
	`size` integer NOT NULL,
	`media_type` text NOT NULL,
	`method` text NOT NULL,
	`created_at` text NOT NULL,
	`ledger_index` integer NOT NULL,
	PRIMARY KEY(`evidence_seq`, `variant`),
	FOREIGN KEY (`evidence_seq`) REFERENCES `evidence`(`seq`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `evidence_copies_sha256` ON `evidence_copies` (`sha256`);--> statement-breakpoint
-- Evidence records are never edited or deleted: corrections are new ledger events.
CREATE TRIGGER `evidence_no_update` BEFORE UPDATE ON `evidence`
BEGIN SELECT RAISE(ABORT, 'evidence records are immutable'); END;
--> statement-breakpoint
CREATE TRIGGER `evidence_no_delete` BEFORE DELETE ON `evidence`
BEGIN SELECT RAISE(ABORT, 'evidence records are immutable'); END;
--> statement-breakpoint
CREATE TRIGGER `evidence_copies_no_update` BEFORE UPDATE ON `evidence_copies`
BEGIN SELECT RAISE(ABORT, 'evidence copies are immutable'); END;
--> statement-breakpoint
CREATE TRIGGER `evidence_copies_no_delete` BEFORE DELETE ON `evidence_copies`
BEGIN SELECT RAISE(ABORT, 'evidence copies are immutable'); END;
