CREATE TABLE `evidence_derivatives` (
	`seq` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`derivative_seq` integer NOT NULL,
	`source_seq` integer NOT NULL,
	`kind` text NOT NULL,
	`method` text NOT NULL,
	`parameters` text NOT NULL,
	`source_sha256` text NOT NULL,
	`derivative_sha256` text NOT NULL,
	`created_at` text NOT NULL,
	`created_by` text NOT NULL,
	`content_sha256` text NOT NULL,
	`ledger_index` integer NOT NULL,
	FOREIGN KEY (`derivative_seq`) REFERENCES `evidence`(`seq`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`source_seq`) REFERENCES `evidence`(`seq`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `evidence_derivatives_derivative` ON `evidence_derivatives` (`derivative_seq`);--> statement-breakpoint
CREATE INDEX `evidence_derivatives_source` ON `evidence_derivatives` (`source_seq`,`kind`);--> statement-breakpoint
CREATE TABLE `evidence_depicts` (
	`seq` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`id` text NOT NULL,
	`evidence_seq` integer NOT NULL,
	`person_seq` integer NOT NULL,
	`created_at` text NOT NULL,
	`created_by` text NOT NULL,
	`ledger_index` integer NOT NULL,
	`removed_at` text,
	`removed_by` text,
	`removed_ledger_index` integer,
	`content_sha256` text NOT NULL,
	FOREIGN KEY (`evidence_seq`) REFERENCES `evidence`(`seq`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`person_seq`) REFERENCES `persons`(`seq`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `evidence_depicts_id` ON `evidence_depicts` (`id`);--> statement-breakpoint
CREATE INDEX `evidence_depicts_evidence` ON `evidence_depicts` (`evidence_seq`,`seq`);--> statement-breakpoint
CREATE INDEX `evidence_depicts_person` ON `evidence_depicts` (`person_seq`);--> statement-breakpoint
-- Hand-written (keep when regenerating): depicts links and derivative lineage are never deleted. A
-- link's removal is a mark on its row; a lineage is never changed (npm run verify catches an edit
-- against the ledger's content hash).
CREATE TRIGGER `evidence_depicts_no_delete` BEFORE DELETE ON `evidence_depicts`
BEGIN SELECT RAISE(ABORT, 'depicts links are never deleted'); END;
--> statement-breakpoint
CREATE TRIGGER `evidence_derivatives_no_delete` BEFORE DELETE ON `evidence_derivatives`
BEGIN SELECT RAISE(ABORT, 'derivative lineage is never deleted'); END;
--> statement-breakpoint
CREATE TRIGGER `evidence_derivatives_no_update` BEFORE UPDATE ON `evidence_derivatives`
BEGIN SELECT RAISE(ABORT, 'derivative lineage is never changed'); END;
