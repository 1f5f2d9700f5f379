CREATE TABLE `custody_events` (
	`seq` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`id` text NOT NULL,
	`evidence_seq` integer NOT NULL,
	`type` text NOT NULL,
	`occurred_at` text NOT NULL,
	`codes` text NOT NULL,
	`item_sha256` text,
	`sealed_enc` text NOT NULL,
	`sealed_salt` text NOT NULL,
	`sealed_digest` text NOT NULL,
	`recorded_by` text NOT NULL,
	`recorded_at` text NOT NULL,
	`content_sha256` text NOT NULL,
	`ledger_index` integer NOT NULL,
	FOREIGN KEY (`evidence_seq`) REFERENCES `evidence`(`seq`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `custody_events_id` ON `custody_events` (`id`);--> statement-breakpoint
CREATE INDEX `custody_events_evidence` ON `custody_events` (`evidence_seq`,`seq`);--> statement-breakpoint
ALTER TABLE `users` ADD `staff_code` text;--> statement-breakpoint
CREATE UNIQUE INDEX `users_staff_code` ON `users` (`staff_code`);--> statement-breakpoint
-- Hand-written (keep when regenerating): custody events are never deleted.
CREATE TRIGGER `custody_events_no_delete` BEFORE DELETE ON `custody_events`
BEGIN SELECT RAISE(ABORT, 'custody events are never deleted'); END;
