CREATE TABLE `person_identity_history` (
	`seq` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`id` text NOT NULL,
	`person_seq` integer NOT NULL,
	`field` text NOT NULL,
	`replaced_in_revision` integer NOT NULL,
	`value_enc` text NOT NULL,
	`replaced_at` text NOT NULL,
	`replaced_by` text NOT NULL,
	FOREIGN KEY (`person_seq`) REFERENCES `persons`(`seq`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `person_identity_history_id` ON `person_identity_history` (`id`);--> statement-breakpoint
CREATE INDEX `person_identity_history_person` ON `person_identity_history` (`person_seq`,`seq`);--> statement-breakpoint
-- Hand-written: earlier identity values are never changed or removed, except that key rotation
-- re-encrypts `value_enc` under a new master key.
CREATE TRIGGER `person_identity_history_no_delete` BEFORE DELETE ON `person_identity_history`
BEGIN SELECT RAISE(ABORT, 'identity history is append-only'); END;
--> statement-breakpoint
CREATE TRIGGER `person_identity_history_stable` BEFORE UPDATE OF `id`, `person_seq`, `field`, `replaced_in_revision`, `replaced_at`, `replaced_by` ON `person_identity_history`
BEGIN SELECT RAISE(ABORT, 'identity history is append-only'); END;
