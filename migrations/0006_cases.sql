CREATE TABLE `case_incidents` (
	`case_seq` integer NOT NULL,
	`position` integer NOT NULL,
	`incident_seq` integer NOT NULL,
	PRIMARY KEY(`case_seq`, `position`),
	FOREIGN KEY (`case_seq`) REFERENCES `cases`(`seq`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`incident_seq`) REFERENCES `incidents`(`seq`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `case_incidents_incident` ON `case_incidents` (`incident_seq`);--> statement-breakpoint
CREATE TABLE `cases` (
	`seq` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`id` text NOT NULL,
	`reference` text NOT NULL,
	`title` text NOT NULL,
	`recipient` text NOT NULL,
	`profile` text NOT NULL,
	`document` text NOT NULL,
	`created_at` text NOT NULL,
	`created_by` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `cases_id` ON `cases` (`id`);--> statement-breakpoint
CREATE UNIQUE INDEX `cases_reference` ON `cases` (`reference`);--> statement-breakpoint
CREATE TABLE `dossier_deliveries` (
	`seq` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`dossier_seq` integer NOT NULL,
	`artefact` text NOT NULL,
	`method` text NOT NULL,
	`recipient_reference` text,
	`delivered_at` text NOT NULL,
	`recorded_by` text NOT NULL,
	`ledger_index` integer NOT NULL,
	FOREIGN KEY (`dossier_seq`) REFERENCES `dossiers`(`seq`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `dossier_deliveries_dossier` ON `dossier_deliveries` (`dossier_seq`,`seq`);--> statement-breakpoint
CREATE TABLE `dossier_exports` (
	`dossier_seq` integer PRIMARY KEY NOT NULL,
	`generated_at` text NOT NULL,
	`pdf_sha256` text NOT NULL,
	`pdf_size` integer NOT NULL,
	`package_sha256` text NOT NULL,
	`package_size` integer NOT NULL,
	`manifest_sha256` text NOT NULL,
	`checkpoint_size` integer NOT NULL,
	`timestamped` integer NOT NULL,
	`exported_index` integer NOT NULL,
	`summary` text NOT NULL,
	`exhibits` text NOT NULL,
	FOREIGN KEY (`dossier_seq`) REFERENCES `dossiers`(`seq`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `dossiers` (
	`seq` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`id` text NOT NULL,
	`case_seq` integer NOT NULL,
	`language` text NOT NULL,
	`requested_by` text NOT NULL,
	`requested_at` text NOT NULL,
	FOREIGN KEY (`case_seq`) REFERENCES `cases`(`seq`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `dossiers_id` ON `dossiers` (`id`);--> statement-breakpoint
CREATE INDEX `dossiers_case` ON `dossiers` (`case_seq`,`seq`);--> statement-breakpoint
-- The export history is custody evidence: what was asked for, what left the system and when it was
-- handed over are never edited and never deleted. Cases are never deleted, and their incident lists
-- do not change once the case is built.
CREATE TRIGGER `dossiers_no_update` BEFORE UPDATE ON `dossiers`
BEGIN SELECT RAISE(ABORT, 'dossiers are append-only'); END;
--> statement-breakpoint
CREATE TRIGGER `dossiers_no_delete` BEFORE DELETE ON `dossiers`
BEGIN SELECT RAISE(ABORT, 'dossiers are append-only'); END;
--> statement-breakpoint
CREATE TRIGGER `dossier_exports_no_update` BEFORE UPDATE ON `dossier_exports`
BEGIN SELECT RAISE(ABORT, 'the export history is append-only'); END;
--> statement-breakpoint
CREATE TRIGGER `dossier_exports_no_delete` BEFORE DELETE ON `dossier_exports`
BEGIN SELECT RAISE(ABORT, 'the export history is append-only'); END;
--> statement-breakpoint
CREATE TRIGGER `dossier_deliveries_no_update` BEFORE UPDATE ON `dossier_deliveries`
BEGIN SELECT RAISE(ABORT, 'deliveries are append-only'); END;
--> statement-breakpoint
CREATE TRIGGER `dossier_deliveries_no_delete` BEFORE DELETE ON `dossier_deliveries`
BEGIN SELECT RAISE(ABORT, 'deliveries are append-only'); END;
--> statement-breakpoint
CREATE TRIGGER `case_incidents_no_update` BEFORE UPDATE ON `case_incidents`
BEGIN SELECT RAISE(ABORT, 'the incidents of a case do not change'); END;
--> statement-breakpoint
CREATE TRIGGER `case_incidents_no_delete` BEFORE DELETE ON `case_incidents`
BEGIN SELECT RAISE(ABORT, 'the incidents of a case do not change'); END;
--> statement-breakpoint
CREATE TRIGGER `cases_no_delete` BEFORE DELETE ON `cases`
BEGIN SELECT RAISE(ABORT, 'cases are never deleted'); END;
