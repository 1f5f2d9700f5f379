-- The original file name and the description of an evidence item are sealed at rest like identity
-- fields (documenters name files after the person shown). Records stay immutable otherwise: these
-- two columns, and the display name derived from the first, may only be rewritten into envelopes
-- (by the one-time sealing at start and by master-key rotation).
DROP TRIGGER `evidence_no_update`;
--> statement-breakpoint
CREATE TRIGGER `evidence_no_update` BEFORE UPDATE OF `seq`, `id`, `incident_seq`, `sha256`, `sha512`, `size`, `media_type`, `source`, `collected_by`, `collected_at`, `metadata`, `flags`, `created_at`, `created_by`, `ingest_index` ON `evidence`
BEGIN SELECT RAISE(ABORT, 'evidence records are immutable'); END;
--> statement-breakpoint
CREATE TRIGGER `evidence_text_sealed_only` BEFORE UPDATE OF `original_name`, `description` ON `evidence`
WHEN NEW.`original_name` NOT LIKE 'sf1:%' OR (NEW.`description` IS NOT NULL AND NEW.`description` NOT LIKE 'sf1:%')
BEGIN SELECT RAISE(ABORT, 'evidence records are immutable'); END;
