CREATE TABLE `uploads` (
	`seq` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`id` text NOT NULL,
	`owner` text NOT NULL,
	`incident_id` text NOT NULL,
	`size` integer NOT NULL,
	`metadata` text NOT NULL,
	`created_at` text NOT NULL,
	`expires_at` text NOT NULL,
	`ingest_started_at` text,
	`evidence_id` text,
	`completed_at` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `uploads_id` ON `uploads` (`id`);--> statement-breakpoint
CREATE INDEX `uploads_owner` ON `uploads` (`owner`,`evidence_id`);--> statement-breakpoint
CREATE INDEX `uploads_expires` ON `uploads` (`expires_at`);