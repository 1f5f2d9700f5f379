CREATE TABLE `recipient_reference_imports` (
	`seq` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`case_seq` integer NOT NULL,
	`content` text NOT NULL,
	`content_sha256` text NOT NULL,
	`count` integer NOT NULL,
	`source` text NOT NULL,
	`actor` text NOT NULL,
	`created_at` text NOT NULL,
	`ledger_index` integer NOT NULL,
	FOREIGN KEY (`case_seq`) REFERENCES `cases`(`seq`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `recipient_reference_imports_case` ON `recipient_reference_imports` (`case_seq`,`seq`);--> statement-breakpoint
-- Hand-written: imports are append-only (a later import overrides, nothing is edited or deleted).
CREATE TRIGGER `recipient_reference_imports_no_update` BEFORE UPDATE ON `recipient_reference_imports`
BEGIN SELECT RAISE(ABORT, 'recipient_reference_imports is append-only'); END;
--> statement-breakpoint
CREATE TRIGGER `recipient_reference_imports_no_delete` BEFORE DELETE ON `recipient_reference_imports`
BEGIN SELECT RAISE(ABORT, 'recipient_reference_imports is append-only'); END;
