CREATE TABLE `person_incidents` (
	`seq` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`person_seq` integer NOT NULL,
	`incident_seq` integer NOT NULL,
	`role` text NOT NULL,
	`linked_at` text NOT NULL,
	`linked_by` text NOT NULL,
	`removed_at` text,
	`removed_by` text,
	`removal_reason` text,
	FOREIGN KEY (`person_seq`) REFERENCES `persons`(`seq`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`incident_seq`) REFERENCES `incidents`(`seq`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `person_incidents_incident` ON `person_incidents` (`incident_seq`,`seq`);--> statement-breakpoint
CREATE INDEX `person_incidents_person` ON `person_incidents` (`person_seq`,`seq`);--> statement-breakpoint
CREATE TABLE `person_interviews` (
	`seq` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`id` text NOT NULL,
	`person_seq` integer NOT NULL,
	`details_enc` text NOT NULL,
	`content_sha256` text NOT NULL,
	`recorded_at` text NOT NULL,
	`recorded_by` text NOT NULL,
	FOREIGN KEY (`person_seq`) REFERENCES `persons`(`seq`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `person_interviews_id` ON `person_interviews` (`id`);--> statement-breakpoint
CREATE INDEX `person_interviews_person` ON `person_interviews` (`person_seq`,`seq`);--> statement-breakpoint
ALTER TABLE `person_consents` ADD `given_by` text;--> statement-breakpoint
ALTER TABLE `person_consents` ADD `child_assent` integer;--> statement-breakpoint
ALTER TABLE `persons` ADD `age_enc` text;--> statement-breakpoint
ALTER TABLE `persons` ADD `sex_enc` text;--> statement-breakpoint
ALTER TABLE `persons` ADD `groups_enc` text;--> statement-breakpoint
ALTER TABLE `persons` ADD `deceased` integer DEFAULT false NOT NULL;--> statement-breakpoint
-- ---- hand-written: data and triggers (keep this block when the migration is regenerated) ----
-- Every existing person is linked to the incident and in the role it was recorded in, by whom and
-- when it was recorded: nothing is lost, and pseudonyms stay as they are.
INSERT INTO `person_incidents` (`person_seq`, `incident_seq`, `role`, `linked_at`, `linked_by`)
SELECT `seq`, `incident_seq`, `role`, `created_at`, `created_by` FROM `persons` ORDER BY `seq`;
--> statement-breakpoint
CREATE TRIGGER `person_incidents_no_delete` BEFORE DELETE ON `person_incidents`
BEGIN SELECT RAISE(ABORT, 'person links are removed, never deleted'); END;
--> statement-breakpoint
CREATE TRIGGER `person_incidents_stable` BEFORE UPDATE OF `person_seq`, `incident_seq`, `role`, `linked_at`, `linked_by` ON `person_incidents`
BEGIN SELECT RAISE(ABORT, 'a person link never changes; it can only be removed'); END;
--> statement-breakpoint
CREATE TRIGGER `person_interviews_no_delete` BEFORE DELETE ON `person_interviews`
BEGIN SELECT RAISE(ABORT, 'interview records are append-only'); END;
--> statement-breakpoint
CREATE TRIGGER `person_interviews_stable` BEFORE UPDATE OF `id`, `person_seq`, `content_sha256`, `recorded_at`, `recorded_by` ON `person_interviews`
BEGIN SELECT RAISE(ABORT, 'interview records are append-only'); END;
--> statement-breakpoint
CREATE TRIGGER `person_incidents_removed_once` BEFORE UPDATE OF `removed_at`, `removed_by`, `removal_reason` ON `person_incidents` WHEN OLD.`removed_at` IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'a removed person link stays removed'); END;
