CREATE TABLE `api_tokens` (
	`seq` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`id` text NOT NULL,
	`user_seq` integer NOT NULL,
	`name` text NOT NULL,
	`token_hash` text NOT NULL,
	`created_at` text NOT NULL,
	`expires_ms` integer,
	`last_used_ms` integer,
	`revoked_at` text,
	FOREIGN KEY (`user_seq`) REFERENCES `users`(`seq`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `api_tokens_id` ON `api_tokens` (`id`);--> statement-breakpoint
CREATE UNIQUE INDEX `api_tokens_hash` ON `api_tokens` (`token_hash`);--> statement-breakpoint
CREATE INDEX `api_tokens_user` ON `api_tokens` (`user_seq`);--> statement-breakpoint
CREATE TABLE `clearances` (
	`seq` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`user_seq` integer NOT NULL,
	`incident_seq` integer NOT NULL,
	`granted_at` text NOT NULL,
	`granted_by` text NOT NULL,
	`revoked_at` text,
	`revoked_by` text,
	FOREIGN KEY (`user_seq`) REFERENCES `users`(`seq`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`incident_seq`) REFERENCES `incidents`(`seq`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `clearances_user_incident` ON `clearances` (`user_seq`,`incident_seq`);--> statement-breakpoint
CREATE TABLE `login_throttle` (
	`key` text PRIMARY KEY NOT NULL,
	`failures` integer NOT NULL,
	`window_start_ms` integer NOT NULL,
	`locked_until_ms` integer
);
--> statement-breakpoint
CREATE TABLE `person_consents` (
	`seq` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`person_seq` integer NOT NULL,
	`purpose` text NOT NULL,
	`granted` integer NOT NULL,
	`kind` text NOT NULL,
	`given_on` text NOT NULL,
	`method` text,
	`language` text,
	`interpreter` integer,
	`obtained_by` text NOT NULL,
	`recorded_at` text NOT NULL,
	`recorded_by` text NOT NULL,
	FOREIGN KEY (`person_seq`) REFERENCES `persons`(`seq`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `person_consents_person` ON `person_consents` (`person_seq`,`purpose`,`seq`);--> statement-breakpoint
CREATE TABLE `persons` (
	`seq` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`id` text NOT NULL,
	`incident_seq` integer NOT NULL,
	`role` text NOT NULL,
	`pseudonym` text NOT NULL,
	`protected` integer NOT NULL,
	`sensitive` integer NOT NULL,
	`name_enc` text NOT NULL,
	`aliases_enc` text,
	`contacts_enc` text,
	`address_enc` text,
	`home_location_enc` text,
	`notes_enc` text,
	`revision` integer NOT NULL,
	`created_at` text NOT NULL,
	`created_by` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`incident_seq`) REFERENCES `incidents`(`seq`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `persons_id` ON `persons` (`id`);--> statement-breakpoint
CREATE UNIQUE INDEX `persons_pseudonym` ON `persons` (`pseudonym`);--> statement-breakpoint
CREATE INDEX `persons_incident` ON `persons` (`incident_seq`,`seq`);--> statement-breakpoint
CREATE TABLE `sessions` (
	`id_hash` text PRIMARY KEY NOT NULL,
	`user_seq` integer NOT NULL,
	`csrf_hash` text NOT NULL,
	`created_ms` integer NOT NULL,
	`last_seen_ms` integer NOT NULL,
	`expires_ms` integer NOT NULL,
	FOREIGN KEY (`user_seq`) REFERENCES `users`(`seq`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `sessions_user` ON `sessions` (`user_seq`);--> statement-breakpoint
CREATE TABLE `users` (
	`seq` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`id` text NOT NULL,
	`username` text NOT NULL,
	`role` text NOT NULL,
	`password_hash` text NOT NULL,
	`password_changed_at` text NOT NULL,
	`totp_secret` text,
	`totp_pending` text,
	`totp_enabled_at` text,
	`totp_last_step` integer,
	`disabled_at` text,
	`last_login_at` text,
	`created_at` text NOT NULL,
	`created_by` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `users_id` ON `users` (`id`);--> statement-breakpoint
CREATE UNIQUE INDEX `users_username` ON `users` (`username`);--> statement-breakpoint
-- Hand-written: consent history is append-only. A withdrawal is a new dated row; nothing is overwritten.
CREATE TRIGGER `person_consents_no_update` BEFORE UPDATE ON `person_consents`
BEGIN SELECT RAISE(ABORT, 'consent history is append-only'); END;
--> statement-breakpoint
CREATE TRIGGER `person_consents_no_delete` BEFORE DELETE ON `person_consents`
BEGIN SELECT RAISE(ABORT, 'consent history is append-only'); END;
--> statement-breakpoint
-- Persons, accounts and clearances are never deleted: the ledger refers to them by id.
CREATE TRIGGER `persons_no_delete` BEFORE DELETE ON `persons`
BEGIN SELECT RAISE(ABORT, 'persons are never deleted'); END;
--> statement-breakpoint
-- A person's pseudonym, role and incident are stable.
CREATE TRIGGER `persons_stable` BEFORE UPDATE OF `id`, `pseudonym`, `role`, `incident_seq`, `created_at`, `created_by` ON `persons`
BEGIN SELECT RAISE(ABORT, 'a person''s id, pseudonym, role and incident never change'); END;
--> statement-breakpoint
CREATE TRIGGER `users_no_delete` BEFORE DELETE ON `users`
BEGIN SELECT RAISE(ABORT, 'users are disabled, never deleted'); END;
--> statement-breakpoint
CREATE TRIGGER `clearances_no_delete` BEFORE DELETE ON `clearances`
BEGIN SELECT RAISE(ABORT, 'clearances are revoked, never deleted'); END;
