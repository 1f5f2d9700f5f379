-- Full-text index over incident title, narrative and place. The text is normalised in the application
-- (Persian/Arabic letter folding, diacritics, digits) before it is written here, and queries are
-- normalised the same way, so the index holds the folded form only. rowid = incidents.seq.
CREATE VIRTUAL TABLE `incidents_fts` USING fts5(
  `title`, `narrative`, `place`,
  tokenize = 'unicode61 remove_diacritics 2'
);
--> statement-breakpoint
-- The custody ledger is append-only: the database itself refuses edits and deletions, so not even a
-- bug or a hand-run SQL statement can rewrite custody history without dropping these triggers.
CREATE TRIGGER `ledger_entries_no_update` BEFORE UPDATE ON `ledger_entries`
BEGIN SELECT RAISE(ABORT, 'ledger entries are append-only'); END;
--> statement-breakpoint
CREATE TRIGGER `ledger_entries_no_delete` BEFORE DELETE ON `ledger_entries`
BEGIN SELECT RAISE(ABORT, 'ledger entries are append-only'); END;
--> statement-breakpoint
CREATE TRIGGER `ledger_nodes_no_update` BEFORE UPDATE ON `ledger_nodes`
BEGIN SELECT RAISE(ABORT, 'ledger nodes are append-only'); END;
--> statement-breakpoint
CREATE TRIGGER `ledger_nodes_no_delete` BEFORE DELETE ON `ledger_nodes`
BEGIN SELECT RAISE(ABORT, 'ledger nodes are append-only'); END;
--> statement-breakpoint
CREATE TRIGGER `ledger_checkpoints_no_update` BEFORE UPDATE ON `ledger_checkpoints`
BEGIN SELECT RAISE(ABORT, 'ledger checkpoints are append-only'); END;
--> statement-breakpoint
CREATE TRIGGER `ledger_checkpoints_no_delete` BEFORE DELETE ON `ledger_checkpoints`
BEGIN SELECT RAISE(ABORT, 'ledger checkpoints are append-only'); END;
--> statement-breakpoint
-- Revisions are history too.
CREATE TRIGGER `incident_revisions_no_update` BEFORE UPDATE ON `incident_revisions`
BEGIN SELECT RAISE(ABORT, 'revisions are append-only'); END;
--> statement-breakpoint
CREATE TRIGGER `incident_revisions_no_delete` BEFORE DELETE ON `incident_revisions`
BEGIN SELECT RAISE(ABORT, 'revisions are append-only'); END;
--> statement-breakpoint
CREATE TRIGGER `incidents_no_delete` BEFORE DELETE ON `incidents`
BEGIN SELECT RAISE(ABORT, 'incidents are retracted, never deleted'); END;
