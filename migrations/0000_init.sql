CREATE TABLE `incident_facets` (
	`incident_seq` integer NOT NULL,
	`facet` text NOT NULL,
	`value` text NOT NULL,
	PRIMARY KEY(`facet`, `value`, `incident_seq`),
	FOREIGN KEY (`incident_seq`) REFERENCES `incidents`(`seq`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `incident_facets_incident` ON `incident_facets` (`incident_seq`);--> statement-breakpoint
CREATE TABLE `incident_revisions` (
	`incident_seq` integer NOT NULL,
	`revision` integer NOT NULL,
	`document` text NOT NULL,
	`kind` text NOT NULL,
	`actor` text NOT NULL,
	`reason` text,
	`created_at` text NOT NULL,
	PRIMARY KEY(`incident_seq`, `revision`),
	FOREIGN KEY (`incident_seq`) REFERENCES `incidents`(`seq`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `incidents` (
	`seq` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`id` text NOT NULL,
	`reference` text NOT NULL,
	`title` text NOT NULL,
	`status` text NOT NULL,
	`province` text NOT NULL,
	`occurred_from` text NOT NULL,
	`occurred_to` text NOT NULL,
	`revision` integer NOT NULL,
	`document` text NOT NULL,
	`created_at` text NOT NULL,
	`created_by` text NOT NULL,
	`updated_at` text NOT NULL,
	`retracted_at` text,
	`retracted_by` text,
	`retraction_reason` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `incidents_id` ON `incidents` (`id`);--> statement-breakpoint
CREATE UNIQUE INDEX `incidents_reference` ON `incidents` (`reference`);--> statement-breakpoint
CREATE INDEX `incidents_occurred` ON `incidents` (`occurred_from`,`seq`);--> statement-breakpoint
CREATE INDEX `incidents_province` ON `incidents` (`province`,`occurred_from`);--> statement-breakpoint
CREATE INDEX `incidents_status` ON `incidents` (`status`);--> statement-breakpoint
CREATE TABLE `ledger_checkpoints` (
	`seq` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`size` integer NOT NULL,
	`root_hash` blob NOT NULL,
	`note` text NOT NULL,
	`issued_at` text NOT NULL,
	`timestamp_token` blob
);
--> statement-breakpoint
CREATE INDEX `ledger_checkpoints_size` ON `ledger_checkpoints` (`size`);--> statement-breakpoint
CREATE TABLE `ledger_entries` (
	`idx` integer PRIMARY KEY NOT NULL,
	`leaf_hash` blob NOT NULL,
	`canonical` blob NOT NULL,
	`type` text NOT NULL,
	`subject_kind` text NOT NULL,
	`subject_id` text NOT NULL,
	`time` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `ledger_entries_subject` ON `ledger_entries` (`subject_kind`,`subject_id`,`idx`);--> statement-breakpoint
CREATE TABLE `ledger_nodes` (
	`level` integer NOT NULL,
	`idx` integer NOT NULL,
	`hash` blob NOT NULL,
	PRIMARY KEY(`level`, `idx`)
);
--> statement-breakpoint
CREATE TABLE `pattern_revisions` (
	`pattern_seq` integer NOT NULL,
	`revision` integer NOT NULL,
	`document` text NOT NULL,
	`actor` text NOT NULL,
	`reason` text,
	`created_at` text NOT NULL,
	PRIMARY KEY(`pattern_seq`, `revision`),
	FOREIGN KEY (`pattern_seq`) REFERENCES `patterns`(`seq`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `patterns` (
	`seq` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`id` text NOT NULL,
	`reference` text NOT NULL,
	`title` text NOT NULL,
	`revision` integer NOT NULL,
	`document` text NOT NULL,
	`created_at` text NOT NULL,
	`created_by` text NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `patterns_id` ON `patterns` (`id`);--> statement-breakpoint
CREATE UNIQUE INDEX `patterns_reference` ON `patterns` (`reference`);--> statement-breakpoint
CREATE TABLE `reference_counters` (
	`scope` text PRIMARY KEY NOT NULL,
	`next` integer NOT NULL
);
