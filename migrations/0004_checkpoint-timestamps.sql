CREATE TABLE `checkpoint_timestamps` (
	`seq` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`checkpoint_seq` integer NOT NULL,
	`token` blob NOT NULL,
	`gen_time` text NOT NULL,
	`serial` text NOT NULL,
	`tsa_url` text NOT NULL,
	`created_at` text NOT NULL,
	FOREIGN KEY (`checkpoint_seq`) REFERENCES `ledger_checkpoints`(`seq`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `checkpoint_timestamps_checkpoint` ON `checkpoint_timestamps` (`checkpoint_seq`,`seq`);--> statement-breakpoint
-- Timestamps are custody evidence like the checkpoints they date: never edited, never deleted.
CREATE TRIGGER `checkpoint_timestamps_no_update` BEFORE UPDATE ON `checkpoint_timestamps`
BEGIN SELECT RAISE(ABORT, 'checkpoint timestamps are append-only'); END;
--> statement-breakpoint
CREATE TRIGGER `checkpoint_timestamps_no_delete` BEFORE DELETE ON `checkpoint_timestamps`
BEGIN SELECT RAISE(ABORT, 'checkpoint timestamps are append-only'); END;
