CREATE TABLE `recovery_codes` (
	`seq` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`user_seq` integer NOT NULL,
	`code_hash` text NOT NULL,
	`created_at` text NOT NULL,
	`used_at` text,
	FOREIGN KEY (`user_seq`) REFERENCES `users`(`seq`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `recovery_codes_hash` ON `recovery_codes` (`code_hash`);--> statement-breakpoint
CREATE INDEX `recovery_codes_user` ON `recovery_codes` (`user_seq`);--> statement-breakpoint
CREATE TABLE `security_events` (
	`seq` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`user_seq` integer NOT NULL,
	`type` text NOT NULL,
	`detail` text,
	`at` text NOT NULL,
	`actor` text NOT NULL,
	`user_agent` text,
	FOREIGN KEY (`user_seq`) REFERENCES `users`(`seq`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `security_events_user` ON `security_events` (`user_seq`,`seq`);--> statement-breakpoint
ALTER TABLE `sessions` ADD `public_id` text;--> statement-breakpoint
ALTER TABLE `sessions` ADD `user_agent` text;--> statement-breakpoint
CREATE UNIQUE INDEX `sessions_public_id` ON `sessions` (`public_id`);--> statement-breakpoint
-- Hand-written (not generated): sessions from before this migration have no public id and could not be
-- listed or ended one by one; they end here, and their users sign in once more.
DELETE FROM `sessions` WHERE `public_id` IS NULL;
