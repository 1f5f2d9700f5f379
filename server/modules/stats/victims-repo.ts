import { sql } from 'drizzle-orm'
import type { Db } from '../../db/open.ts'
import type { Viewer } from '../../auth/actor.ts'
import { needToKnowCategoryIds, NEED_TO_KNOW_TAGS } from '../../lib/protection/need-to-know.ts'

export type VictimStats = {
  /** Victims counted over every incident (its `victims.count`). */
  total: number
  killed: number
  injured: number
  /** Incidents that give no victim count (so the totals are lower bounds). */
  incidentsWithoutCount: number
  bySex: Record<string, number>
  byAgeGroup: Record<string, number>
  byProvince: Record<string, number>
  byMonth: Record<string, number>
}

// The same incidents as the incident counts: not retracted, not merged into another as a duplicate.
const COUNTED_ALL = sql`i.retracted_at IS NULL AND NOT EXISTS (SELECT 1 FROM incident_links l WHERE l.from_incident_seq = i.seq AND l.type = 'duplicate-of' AND l.removed_at IS NULL)`
const VICTIMS = sql`CAST(json_extract(i.document, '$.victims.count') AS INTEGER)`

/**
 * A need-to-know incident counts only for whom may read it (its recorder, the cleared): its victims'
 * sex, age group, province and month are what it says, and one such incident alone in a province or a
 * month would be read off the sums (the same rule as the searches on victims).
 */
function readableTo(viewer: Viewer): ReturnType<typeof sql> {
  const values = (xs: readonly string[]) =>
    sql.join(
      xs.map((x) => sql`${x}`),
      sql`, `
    )
  return sql`(NOT EXISTS (SELECT 1 FROM incident_facets f WHERE f.incident_seq = i.seq AND (
      (f.facet = 'category' AND f.value IN (${values(needToKnowCategoryIds())}))
      OR (f.facet = 'tag' AND f.value IN (${values(NEED_TO_KNOW_TAGS)}))))
    OR i.created_by = ${viewer.actor}
    OR EXISTS (SELECT 1 FROM clearances c WHERE c.user_seq = ${viewer.userSeq} AND c.incident_seq = i.seq AND c.revoked_at IS NULL))`
}

/** Victims summed from the incidents' counts (no person record is read: counts only). */
export function victimStatsRepo(db: Db) {
  const map = (q: ReturnType<typeof sql>): Record<string, number> =>
    Object.fromEntries(db.all<{ k: string; n: number }>(q).map((r) => [r.k, r.n]))
  return {
    victims(viewer: Viewer): VictimStats {
      const counted = sql`${COUNTED_ALL} AND ${readableTo(viewer)}`
      const breakdown = (path: string): Record<string, number> =>
        map(
          sql`SELECT e.key AS k, sum(CAST(e.value AS INTEGER)) AS n FROM incidents i, json_each(i.document, ${path}) e WHERE ${counted} GROUP BY 1 HAVING n > 0 ORDER BY 1`
        )
      const totals = db.get<{ total: number | null; killed: number | null; injured: number | null; without: number }>(
        sql`SELECT sum(${VICTIMS}) AS total,
          sum(CAST(json_extract(i.document, '$.victims.killed') AS INTEGER)) AS killed,
          sum(CAST(json_extract(i.document, '$.victims.injured') AS INTEGER)) AS injured,
          sum(CASE WHEN json_extract(i.document, '$.victims.count') IS NULL THEN 1 ELSE 0 END) AS without
          FROM incidents i WHERE ${counted}`
      )
      return {
        total: totals?.total ?? 0,
        killed: totals?.killed ?? 0,
        injured: totals?.injured ?? 0,
        incidentsWithoutCount: totals?.without ?? 0,
        bySex: breakdown('$.victims.bySex'),
        byAgeGroup: breakdown('$.victims.byAgeGroup'),
        byProvince: map(
          sql`SELECT i.province AS k, sum(${VICTIMS}) AS n FROM incidents i WHERE ${counted} GROUP BY 1 HAVING n > 0 ORDER BY 1`
        ),
        byMonth: map(
          sql`SELECT substr(i.occurred_from, 1, 7) AS k, sum(${VICTIMS}) AS n FROM incidents i WHERE ${counted} GROUP BY 1 HAVING n > 0 ORDER BY 1`
        )
      }
    }
  }
}
