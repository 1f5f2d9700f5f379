CREATE TABLE `jobs` (
	`id` text PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`status` text NOT NULL,
	`progress` real NOT NULL,
	`message` text,
	`created_by` text NOT NULL,
	`created_at` text NOT NULL,
	`started_at` text,
	`finished_at` text,
	`result` text,
	`error` text
);
--> statement-breakpoint
CREATE INDEX `jobs_kind` ON `jobs` (`kind`,`created_at`);