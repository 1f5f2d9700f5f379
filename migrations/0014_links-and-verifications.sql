CREATE TABLE `evidence_verifications` (
	`seq` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`id` text NOT NULL,
	`evidence_seq` integer NOT NULL,
	`phase` text NOT NULL,
	`method` text NOT NULL,
	`status` text NOT NULL,
	`finding_enc` text NOT NULL,
	`finding_salt` text NOT NULL,
	`finding_digest` text NOT NULL,
	`analyst` text NOT NULL,
	`created_at` text NOT NULL,
	`content_sha256` text NOT NULL,
	`ledger_index` integer NOT NULL,
	FOREIGN KEY (`evidence_seq`) REFERENCES `evidence`(`seq`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `evidence_verifications_id` ON `evidence_verifications` (`id`);--> statement-breakpoint
CREATE INDEX `evidence_verifications_evidence` ON `evidence_verifications` (`evidence_seq`,`seq`);--> statement-breakpoint
CREATE TABLE `incident_links` (
	`seq` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`id` text NOT NULL,
	`from_incident_seq` integer NOT NULL,
	`to_incident_seq` integer NOT NULL,
	`type` text NOT NULL,
	`category` text,
	`from_category` text,
	`created_at` text NOT NULL,
	`created_by` text NOT NULL,
	`ledger_index` integer NOT NULL,
	`removed_at` text,
	`removed_by` text,
	`removed_ledger_index` integer,
	`content_sha256` text NOT NULL,
	FOREIGN KEY (`from_incident_seq`) REFERENCES `incidents`(`seq`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`to_incident_seq`) REFERENCES `incidents`(`seq`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `incident_links_id` ON `incident_links` (`id`);--> statement-breakpoint
CREATE INDEX `incident_links_from` ON `incident_links` (`from_incident_seq`,`seq`);--> statement-breakpoint
CREATE INDEX `incident_links_to` ON `incident_links` (`to_incident_seq`,`seq`);--> statement-breakpoint
-- Hand-written (keep when regenerating): links and verification records are never deleted. A link's
-- removal is a mark on its row; a verification record's finding is re-encrypted by key rotation, so
-- only DELETE is refused (npm run verify catches an edit against the ledger's content hash).
CREATE TRIGGER `incident_links_no_delete` BEFORE DELETE ON `incident_links`
BEGIN SELECT RAISE(ABORT, 'incident links are never deleted'); END;
--> statement-breakpoint
CREATE TRIGGER `evidence_verifications_no_delete` BEFORE DELETE ON `evidence_verifications`
BEGIN SELECT RAISE(ABORT, 'verification records are never deleted'); END;
