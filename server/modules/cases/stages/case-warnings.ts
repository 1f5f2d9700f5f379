import { categoryById, ICC_JURISDICTION_START, isWithinIccWindow } from '../../../lib/context/afghan-context.ts'
import type { CaseRecipient } from '../../../types/schemas.ts'

/**
 * What a legal liaison should know before a case goes out, never a reason to refuse it: conduct the
 * ICC cannot try, incidents nobody verified yet, war-crime qualifications whose armed-conflict nexus
 * needs a lawyer's review. Pure: the service passes each incident's status, dates and categories.
 */

/** The day the Taliban took Kabul; war-crime qualifications of later conduct need a nexus review. */
export const NEXUS_REVIEW_AFTER = '2021-08-15'

export type WarningCode =
  | 'OUTSIDE_ICC_JURISDICTION_WINDOW'
  | 'PARTLY_OUTSIDE_ICC_JURISDICTION_WINDOW'
  | 'INCIDENT_NOT_VERIFIED'
  | 'WAR_CRIME_NEXUS_REVIEW'

export type CaseWarning = { code: WarningCode; message: string; incidentId: string }

export type WarningIncident = {
  id: string
  reference: string
  /** `verified`, or anything else (draft, under review, submitted, returned…): not verified. */
  status: string
  occurred: { from: string; to: string }
  categories: string[]
}

/** Conduct entirely before 1 May 2003: outside the ICC's temporal jurisdiction over Afghanistan. */
export function entirelyBeforeIccWindow(occurred: { to: string }): boolean {
  return !isWithinIccWindow(occurred.to)
}

/** A category the nexus review concerns: a war crime (the taxonomy's `war-crimes` group or `nexus-review` tag). */
export function isWarCrimeCategory(id: string): boolean {
  const c = categoryById(id)
  return c !== undefined && (c.group === 'war-crimes' || c.tags.includes('nexus-review'))
}

/** War-crime categories of conduct that ran past 15 August 2021: the nexus needs review. */
export function needsNexusReview(inc: Pick<WarningIncident, 'occurred' | 'categories'>): boolean {
  return inc.occurred.to > NEXUS_REVIEW_AFTER && inc.categories.some(isWarCrimeCategory)
}

/** The warnings of a case for its recipient, incident by incident in case order. */
export function caseWarnings(recipient: CaseRecipient, incidents: WarningIncident[]): CaseWarning[] {
  const out: CaseWarning[] = []
  for (const inc of incidents) {
    if (recipient === 'icc-otp') {
      if (entirelyBeforeIccWindow(inc.occurred)) {
        out.push({
          code: 'OUTSIDE_ICC_JURISDICTION_WINDOW',
          incidentId: inc.id,
          message: `${inc.reference}: the conduct (${inc.occurred.from} – ${inc.occurred.to}) is before ${ICC_JURISDICTION_START}, when the Rome Statute entered into force for Afghanistan; the ICC cannot try it and the dossier leaves it out of its ICC totals.`
        })
      } else if (inc.occurred.from < ICC_JURISDICTION_START) {
        out.push({
          code: 'PARTLY_OUTSIDE_ICC_JURISDICTION_WINDOW',
          incidentId: inc.id,
          message: `${inc.reference}: part of the conduct (from ${inc.occurred.from}) is before ${ICC_JURISDICTION_START}, when the Rome Statute entered into force for Afghanistan; only conduct from that day falls within the ICC's jurisdiction.`
        })
      }
    }
    if (inc.status !== 'verified') {
      out.push({
        code: 'INCIDENT_NOT_VERIFIED',
        incidentId: inc.id,
        message: `${inc.reference} is not verified (status: ${inc.status}); the dossier shows its status.`
      })
    }
    if (needsNexusReview(inc)) {
      out.push({
        code: 'WAR_CRIME_NEXUS_REVIEW',
        incidentId: inc.id,
        message: `${inc.reference}: a war-crime qualification of conduct after ${NEXUS_REVIEW_AFTER} needs an evidenced armed-conflict nexus; have a lawyer review it.`
      })
    }
  }
  return out
}
