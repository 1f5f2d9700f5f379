CREATE TABLE `context_assessments` (
	`seq` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`id` text NOT NULL,
	`pattern_seq` integer NOT NULL,
	`incident_seq` integer,
	`element` text NOT NULL,
	`status` text NOT NULL,
	`reason` text,
	`evidence_ids` text NOT NULL,
	`assessor` text NOT NULL,
	`assessed_at` text NOT NULL,
	`content_sha256` text NOT NULL,
	`ledger_index` integer NOT NULL,
	FOREIGN KEY (`pattern_seq`) REFERENCES `patterns`(`seq`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`incident_seq`) REFERENCES `incidents`(`seq`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `context_assessments_id` ON `context_assessments` (`id`);--> statement-breakpoint
CREATE INDEX `context_assessments_pattern` ON `context_assessments` (`pattern_seq`,`incident_seq`,`seq`);--> statement-breakpoint
CREATE INDEX `context_assessments_incident` ON `context_assessments` (`incident_seq`,`seq`);--> statement-breakpoint
-- Hand-written (keep when regenerating): contextual-element assessments are never changed or deleted;
-- a new assessment supersedes the last (npm run verify catches a direct edit against the ledger's hash).
CREATE TRIGGER `context_assessments_no_delete` BEFORE DELETE ON `context_assessments`
BEGIN SELECT RAISE(ABORT, 'contextual-element assessments are never deleted'); END;
--> statement-breakpoint
CREATE TRIGGER `context_assessments_no_update` BEFORE UPDATE ON `context_assessments`
BEGIN SELECT RAISE(ABORT, 'contextual-element assessments are never changed'); END;
