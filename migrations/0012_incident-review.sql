CREATE TABLE `incident_transitions` (
	`seq` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`id` text NOT NULL,
	`incident_seq` integer NOT NULL,
	`from_status` text NOT NULL,
	`to_status` text NOT NULL,
	`revision` integer NOT NULL,
	`actor` text NOT NULL,
	`comment_enc` text,
	`created_at` text NOT NULL,
	FOREIGN KEY (`incident_seq`) REFERENCES `incidents`(`seq`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `incident_transitions_id` ON `incident_transitions` (`id`);--> statement-breakpoint
CREATE INDEX `incident_transitions_incident` ON `incident_transitions` (`incident_seq`,`seq`);--> statement-breakpoint
ALTER TABLE `incidents` ADD `assignee` text;--> statement-breakpoint
CREATE INDEX `incidents_assignee` ON `incidents` (`assignee`);--> statement-breakpoint
-- ===== Hand-written (keep when regenerating): review history is append-only, like revisions. Only the
-- sealed comment may be rewritten, by a master-key rotation re-encrypting it.
CREATE TRIGGER `incident_transitions_no_delete` BEFORE DELETE ON `incident_transitions`
BEGIN SELECT RAISE(ABORT, 'review history is append-only'); END;
--> statement-breakpoint
CREATE TRIGGER `incident_transitions_stable` BEFORE UPDATE OF `id`, `incident_seq`, `from_status`, `to_status`, `revision`, `actor`, `created_at` ON `incident_transitions`
BEGIN SELECT RAISE(ABORT, 'review history is append-only'); END;
