ALTER TABLE `incidents` ADD `client_id` text;--> statement-breakpoint
CREATE UNIQUE INDEX `incidents_client_id` ON `incidents` (`created_by`,`client_id`);--> statement-breakpoint
ALTER TABLE `persons` ADD `client_id` text;--> statement-breakpoint
CREATE UNIQUE INDEX `persons_client_id` ON `persons` (`created_by`,`client_id`);