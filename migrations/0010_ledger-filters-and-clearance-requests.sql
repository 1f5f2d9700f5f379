CREATE TABLE `clearance_requests` (
	`seq` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`id` text NOT NULL,
	`user_seq` integer NOT NULL,
	`incident_seq` integer NOT NULL,
	`requested_at` text NOT NULL,
	`requested_by` text NOT NULL,
	`status` text NOT NULL,
	`decided_at` text,
	`decided_by` text,
	FOREIGN KEY (`user_seq`) REFERENCES `users`(`seq`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`incident_seq`) REFERENCES `incidents`(`seq`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `clearance_requests_id` ON `clearance_requests` (`id`);--> statement-breakpoint
CREATE INDEX `clearance_requests_status` ON `clearance_requests` (`status`,`seq`);--> statement-breakpoint
ALTER TABLE `ledger_entries` ADD `actor` text DEFAULT '' NOT NULL;--> statement-breakpoint
CREATE INDEX `ledger_entries_type` ON `ledger_entries` (`type`,`idx`);--> statement-breakpoint
CREATE INDEX `ledger_entries_actor` ON `ledger_entries` (`actor`,`idx`);--> statement-breakpoint
CREATE INDEX `ledger_entries_time` ON `ledger_entries` (`time`,`idx`);--> statement-breakpoint
-- ---- hand-written ------------------------------------------------------------------------------------
-- Fill `actor` of entries written before the column existed, from their canonical bytes (which are not
-- touched, so every leaf hash, proof and checkpoint stays as it was). The append-only trigger is lifted
-- for this statement only, inside the migration's transaction.
DROP TRIGGER `ledger_entries_no_update`;
--> statement-breakpoint
UPDATE `ledger_entries` SET `actor` = json_extract(CAST(`canonical` AS TEXT), '$.actor') WHERE `actor` = '';
--> statement-breakpoint
CREATE TRIGGER `ledger_entries_no_update` BEFORE UPDATE ON `ledger_entries`
BEGIN SELECT RAISE(ABORT, 'ledger entries are append-only'); END;
--> statement-breakpoint
-- A clearance request is decided once and never deleted.
CREATE TRIGGER `clearance_requests_no_delete` BEFORE DELETE ON `clearance_requests`
BEGIN SELECT RAISE(ABORT, 'clearance requests are never deleted'); END;
--> statement-breakpoint
CREATE TRIGGER `clearance_requests_decided_once` BEFORE UPDATE ON `clearance_requests`
WHEN OLD.`status` <> 'pending' OR NEW.`id` <> OLD.`id` OR NEW.`user_seq` <> OLD.`user_seq` OR NEW.`incident_seq` <> OLD.`incident_seq` OR NEW.`requested_by` <> OLD.`requested_by` OR NEW.`requested_at` <> OLD.`requested_at`
BEGIN SELECT RAISE(ABORT, 'a clearance request is decided once'); END;
