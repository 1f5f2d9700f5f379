CREATE TABLE `evidence_detail_revisions` (
	`seq` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`id` text NOT NULL,
	`evidence_seq` integer NOT NULL,
	`revision` integer NOT NULL,
	`reason` text NOT NULL,
	`previous_enc` text NOT NULL,
	`actor` text NOT NULL,
	`created_at` text NOT NULL,
	`ledger_index` integer NOT NULL,
	FOREIGN KEY (`evidence_seq`) REFERENCES `evidence`(`seq`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `evidence_detail_revisions_id` ON `evidence_detail_revisions` (`id`);--> statement-breakpoint
CREATE UNIQUE INDEX `evidence_detail_revisions_rev` ON `evidence_detail_revisions` (`evidence_seq`,`revision`);--> statement-breakpoint
CREATE TABLE `saved_searches` (
	`seq` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`id` text NOT NULL,
	`user_seq` integer NOT NULL,
	`name_enc` text NOT NULL,
	`query_enc` text NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `saved_searches_id` ON `saved_searches` (`id`);--> statement-breakpoint
CREATE INDEX `saved_searches_user` ON `saved_searches` (`user_seq`,`seq`);--> statement-breakpoint
ALTER TABLE `evidence` ADD `details_revision` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
-- Hand-written (keep when regenerating): an exhibit's collection fields may now be revised (#19 item 5),
-- but only together with its details revision going up by exactly one, which the service does in the
-- same transaction as the `evidence-details-revised` ledger entry. Everything else stays immutable.
-- Revisions of details are never changed nor deleted (key rotation re-seals previous_enc only).
DROP TRIGGER `evidence_no_update`;
--> statement-breakpoint
CREATE TRIGGER `evidence_no_update` BEFORE UPDATE OF `seq`, `id`, `incident_seq`, `sha256`, `sha512`, `size`, `media_type`, `metadata`, `flags`, `created_at`, `created_by`, `ingest_index` ON `evidence`
BEGIN SELECT RAISE(ABORT, 'evidence records are immutable'); END;
--> statement-breakpoint
CREATE TRIGGER `evidence_details_revised_only` BEFORE UPDATE OF `source`, `collected_by`, `collected_at`, `details_revision` ON `evidence`
WHEN NEW.`details_revision` IS NOT OLD.`details_revision` + 1
BEGIN SELECT RAISE(ABORT, 'evidence details change only as a new revision'); END;
--> statement-breakpoint
CREATE TRIGGER `evidence_detail_revisions_no_delete` BEFORE DELETE ON `evidence_detail_revisions`
BEGIN SELECT RAISE(ABORT, 'evidence detail revisions are never deleted'); END;
--> statement-breakpoint
CREATE TRIGGER `evidence_detail_revisions_fixed` BEFORE UPDATE OF `seq`, `id`, `evidence_seq`, `revision`, `reason`, `actor`, `created_at`, `ledger_index` ON `evidence_detail_revisions`
BEGIN SELECT RAISE(ABORT, 'evidence detail revisions are never changed'); END;
