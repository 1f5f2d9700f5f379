CREATE TABLE `comments` (
	`seq` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`id` text NOT NULL,
	`incident_seq` integer NOT NULL,
	`evidence_seq` integer,
	`author` text NOT NULL,
	`body_enc` text NOT NULL,
	`body_salt` text NOT NULL,
	`body_digest` text NOT NULL,
	`mentions` text NOT NULL,
	`created_at` text NOT NULL,
	`content_sha256` text NOT NULL,
	`ledger_index` integer NOT NULL,
	FOREIGN KEY (`incident_seq`) REFERENCES `incidents`(`seq`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`evidence_seq`) REFERENCES `evidence`(`seq`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `comments_id` ON `comments` (`id`);--> statement-breakpoint
CREATE INDEX `comments_incident` ON `comments` (`incident_seq`,`seq`);--> statement-breakpoint
CREATE TABLE `evidence_graphic_marks` (
	`seq` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`evidence_seq` integer NOT NULL,
	`graphic` integer NOT NULL,
	`actor` text NOT NULL,
	`created_at` text NOT NULL,
	`ledger_index` integer NOT NULL,
	FOREIGN KEY (`evidence_seq`) REFERENCES `evidence`(`seq`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `evidence_graphic_marks_evidence` ON `evidence_graphic_marks` (`evidence_seq`,`seq`);--> statement-breakpoint
CREATE TABLE `notifications` (
	`seq` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`id` text NOT NULL,
	`user_seq` integer NOT NULL,
	`kind` text NOT NULL,
	`actor` text NOT NULL,
	`incident_seq` integer NOT NULL,
	`evidence_seq` integer,
	`comment_id` text NOT NULL,
	`created_at` text NOT NULL,
	`read_at` text,
	FOREIGN KEY (`incident_seq`) REFERENCES `incidents`(`seq`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`evidence_seq`) REFERENCES `evidence`(`seq`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `notifications_id` ON `notifications` (`id`);--> statement-breakpoint
CREATE INDEX `notifications_user` ON `notifications` (`user_seq`,`seq`);--> statement-breakpoint
CREATE TABLE `user_preferences` (
	`user_seq` integer PRIMARY KEY NOT NULL,
	`keep_graphic_blurred` integer NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
-- Hand-written (keep when regenerating): comments are never deleted (key rotation re-seals body_enc,
-- so they may be updated); graphic marks are never changed nor deleted (a new mark supersedes).
CREATE TRIGGER `comments_no_delete` BEFORE DELETE ON `comments`
BEGIN SELECT RAISE(ABORT, 'comments are never deleted'); END;
--> statement-breakpoint
CREATE TRIGGER `evidence_graphic_marks_no_delete` BEFORE DELETE ON `evidence_graphic_marks`
BEGIN SELECT RAISE(ABORT, 'graphic marks are never deleted'); END;
--> statement-breakpoint
CREATE TRIGGER `evidence_graphic_marks_no_update` BEFORE UPDATE ON `evidence_graphic_marks`
BEGIN SELECT RAISE(ABORT, 'graphic marks are never changed'); END;
