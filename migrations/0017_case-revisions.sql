CREATE TABLE `case_revisions` (
	`case_seq` integer NOT NULL,
	`revision` integer NOT NULL,
	`content` text NOT NULL,
	`content_sha256` text NOT NULL,
	`reason` text NOT NULL,
	`actor` text NOT NULL,
	`created_at` text NOT NULL,
	`ledger_index` integer NOT NULL,
	PRIMARY KEY(`case_seq`, `revision`),
	FOREIGN KEY (`case_seq`) REFERENCES `cases`(`seq`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
ALTER TABLE `cases` ADD `revision` integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE `dossiers` ADD `case_revision` integer;--> statement-breakpoint
-- ---- hand-written ------------------------------------------------------------------------------------
-- A case's revisions are its history: never edited, never deleted.
CREATE TRIGGER `case_revisions_no_update` BEFORE UPDATE ON `case_revisions`
BEGIN SELECT RAISE(ABORT, 'case revisions are append-only'); END;
--> statement-breakpoint
CREATE TRIGGER `case_revisions_no_delete` BEFORE DELETE ON `case_revisions`
BEGIN SELECT RAISE(ABORT, 'case revisions are append-only'); END;
