ALTER TABLE `evidence` ADD `stable_id` text;--> statement-breakpoint
CREATE UNIQUE INDEX `evidence_stable_id` ON `evidence` (`stable_id`);--> statement-breakpoint
-- ---- hand-written ------------------------------------------------------------------------------------
-- Backfill: every existing item gets its id in ingest order (seq), numbered per year of ingest (UTC).
WITH numbered AS (
  SELECT seq, substr(created_at, 1, 4) AS y, ROW_NUMBER() OVER (PARTITION BY substr(created_at, 1, 4) ORDER BY seq) AS n FROM evidence
)
UPDATE evidence SET stable_id = (SELECT 'SND-E-' || y || '-' || printf('%06d', n) FROM numbered WHERE numbered.seq = evidence.seq)
WHERE stable_id IS NULL;
--> statement-breakpoint
-- The counters go on from there, so an item ingested after the migration never reuses a number.
INSERT INTO reference_counters (scope, next)
SELECT 'exhibit-' || substr(created_at, 1, 4), COUNT(*) + 1 FROM evidence WHERE true GROUP BY substr(created_at, 1, 4)
ON CONFLICT (scope) DO UPDATE SET next = max(next, excluded.next);
--> statement-breakpoint
-- An exhibit id is written with the record and never changes.
CREATE TRIGGER `evidence_stable_id_required` BEFORE INSERT ON `evidence` WHEN NEW.`stable_id` IS NULL
BEGIN SELECT RAISE(ABORT, 'an evidence item needs its stable exhibit id'); END;
--> statement-breakpoint
CREATE TRIGGER `evidence_stable_id_stable` BEFORE UPDATE OF `stable_id` ON `evidence`
BEGIN SELECT RAISE(ABORT, 'the stable exhibit id of an evidence item never changes'); END;
