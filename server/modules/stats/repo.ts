import { sql } from 'drizzle-orm'
import type { Db } from '../../db/open.ts'

export type StatsCell = { category: string; province: string; month: string; count: number }

/** Counts over incidents that are not retracted nor merged into another as duplicates; an incident with several categories counts once in each. */
export function statsRepo(db: Db) {
  const one = (q: ReturnType<typeof sql>): Record<string, number> =>
    Object.fromEntries(db.all<{ k: string; n: number }>(q).map((r) => [r.k, r.n]))
  return {
    cells(): StatsCell[] {
      return db.all<StatsCell>(sql`
        SELECT f.value AS category, i.province AS province, substr(i.occurred_from, 1, 7) AS month, count(*) AS count
        FROM incidents i JOIN incident_facets f ON f.incident_seq = i.seq AND f.facet = 'category'
        WHERE i.retracted_at IS NULL AND NOT EXISTS (SELECT 1 FROM incident_links l WHERE l.from_incident_seq = i.seq AND l.type = 'duplicate-of' AND l.removed_at IS NULL)
        GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`)
    },
    total(): number {
      return (
        db.get<{ n: number }>(
          sql`SELECT count(*) AS n FROM incidents WHERE retracted_at IS NULL AND NOT EXISTS (SELECT 1 FROM incident_links l WHERE l.from_incident_seq = incidents.seq AND l.type = 'duplicate-of' AND l.removed_at IS NULL)`
        )?.n ?? 0
      )
    },
    byCategory(): Record<string, number> {
      return one(
        sql`SELECT f.value AS k, count(*) AS n FROM incidents i JOIN incident_facets f ON f.incident_seq = i.seq AND f.facet = 'category' WHERE i.retracted_at IS NULL AND NOT EXISTS (SELECT 1 FROM incident_links l WHERE l.from_incident_seq = i.seq AND l.type = 'duplicate-of' AND l.removed_at IS NULL) GROUP BY 1`
      )
    },
    byProvince(): Record<string, number> {
      return one(
        sql`SELECT province AS k, count(*) AS n FROM incidents WHERE retracted_at IS NULL AND NOT EXISTS (SELECT 1 FROM incident_links l WHERE l.from_incident_seq = incidents.seq AND l.type = 'duplicate-of' AND l.removed_at IS NULL) GROUP BY 1`
      )
    },
    byMonth(): Record<string, number> {
      return one(
        sql`SELECT substr(occurred_from, 1, 7) AS k, count(*) AS n FROM incidents WHERE retracted_at IS NULL AND NOT EXISTS (SELECT 1 FROM incident_links l WHERE l.from_incident_seq = incidents.seq AND l.type = 'duplicate-of' AND l.removed_at IS NULL) GROUP BY 1`
      )
    }
  }
}
