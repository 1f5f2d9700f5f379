CREATE TABLE `devices` (
	`seq` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`id` text NOT NULL,
	`user_seq` integer NOT NULL,
	`label` text NOT NULL,
	`algorithm` text NOT NULL,
	`public_key` text NOT NULL,
	`key_sha256` text NOT NULL,
	`created_at` text NOT NULL,
	`enrol_index` integer NOT NULL,
	`revoked_at` text,
	`revoked_by` text,
	FOREIGN KEY (`user_seq`) REFERENCES `users`(`seq`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `devices_id` ON `devices` (`id`);--> statement-breakpoint
CREATE UNIQUE INDEX `devices_key` ON `devices` (`key_sha256`);--> statement-breakpoint
CREATE INDEX `devices_user` ON `devices` (`user_seq`,`seq`);--> statement-breakpoint
ALTER TABLE `evidence` ADD `capture_record` text;--> statement-breakpoint
ALTER TABLE `evidence` ADD `capture_signature` text;--> statement-breakpoint
ALTER TABLE `evidence` ADD `capture_index` integer;--> statement-breakpoint
-- ---- hand-written ------------------------------------------------------------------------------------
-- A device key is revoked once and never deleted or changed: verification checks every signature it
-- ever made with the key kept here.
CREATE TRIGGER `devices_no_delete` BEFORE DELETE ON `devices`
BEGIN SELECT RAISE(ABORT, 'device keys are revoked, never deleted'); END;
--> statement-breakpoint
CREATE TRIGGER `devices_revoked_once` BEFORE UPDATE ON `devices`
WHEN OLD.`revoked_at` IS NOT NULL OR NEW.`id` <> OLD.`id` OR NEW.`user_seq` <> OLD.`user_seq` OR NEW.`label` <> OLD.`label` OR NEW.`algorithm` <> OLD.`algorithm` OR NEW.`public_key` <> OLD.`public_key` OR NEW.`key_sha256` <> OLD.`key_sha256` OR NEW.`created_at` <> OLD.`created_at` OR NEW.`enrol_index` <> OLD.`enrol_index`
BEGIN SELECT RAISE(ABORT, 'a device key is revoked once and otherwise never changes'); END;
--> statement-breakpoint
-- The capture record an item arrived with is part of its custody: written with the record, never changed.
CREATE TRIGGER `evidence_capture_stable` BEFORE UPDATE OF `capture_record`, `capture_signature`, `capture_index` ON `evidence`
BEGIN SELECT RAISE(ABORT, 'the capture record of an evidence item never changes'); END;
