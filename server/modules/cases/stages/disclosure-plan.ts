import type { RedactionTerm } from '../../../lib/text/redact-names.ts'
import type { DisclosureProfileName } from '../../../types/schemas.ts'
import type { Disclosure } from '../../persons/disclosure.ts'
import type { SnapshotPerson } from '../dossier.ts'

/**
 * Stage 1 of a dossier: who and what may be disclosed. Pure. Each person has already been put to
 * the one disclosure function (`disclose()` → `disclosureDecision`, through persons.discloseFor,
 * which knows consent, need-to-know and the viewer's clearance); this stage turns those decisions
 * into what the dossier shows of each person, which names must be taken out of every free text, and
 * which incidents the profile keeps to their counts.
 */

export type GatheredPerson = {
  disclosure: Disclosure
  /** The recorded name and aliases: read only to take them out of free text, never printed unless `disclosure.identity`. */
  terms: string[]
}

/** `viewerCleared`: who builds the dossier may read this incident (recorded it, or holds a clearance). */
export type PlanIncident = { id: string; needToKnow: boolean; viewerCleared?: boolean; persons: GatheredPerson[] }

export type DisclosurePlan = {
  /** What the dossier shows of each incident's persons (left-out persons are not here). */
  persons: Record<string, SnapshotPerson[]>
  /** Every person of the incident may appear in images for this recipient. */
  imagesAllowed: Record<string, boolean>
  /** Each person's image decision by person id, for image consent per exhibit (stages/exhibit-consent.ts). */
  personImages: Record<string, { pseudonym: string; image: boolean; include: boolean }>
  /** The incident's title, narrative and notes stay out (public profile, need-to-know incident). */
  narrativeWithheld: Record<string, boolean>
  /** The incident's exhibits travel as hashes only: it is need-to-know and the builder may not read it. */
  exhibitsBarred: Record<string, boolean>
  /** Names to take out of every free text of the dossier, whichever incident they appear in. */
  redactions: RedactionTerm[]
  counts: { personsNamed: number; personsPseudonymised: number; personsLeftOut: number }
}

/** Stands for a person left out altogether (not even a pseudonym may appear). */
export const LEFT_OUT = '[…]'

export function disclosurePlan(profile: DisclosureProfileName, incidents: PlanIncident[]): DisclosurePlan {
  const plan: DisclosurePlan = {
    persons: {},
    imagesAllowed: {},
    personImages: {},
    narrativeWithheld: {},
    exhibitsBarred: {},
    redactions: [],
    counts: { personsNamed: 0, personsPseudonymised: 0, personsLeftOut: 0 }
  }
  for (const inc of incidents) {
    const list: SnapshotPerson[] = []
    let imagesAllowed = true
    for (const { disclosure: d, terms } of inc.persons) {
      // A name that may not be printed is taken out of all the dossier's text, not only its incident's.
      if (d.identity === null && terms.length > 0) plan.redactions.push({ terms, replacement: d.include ? d.pseudonym : LEFT_OUT })
      // One decision per person, whichever incident lists them (the same person, the same consent).
      plan.personImages[d.id] = { pseudonym: d.pseudonym, image: d.include && d.image, include: d.include }
      if (!d.include) {
        plan.counts.personsLeftOut++
        continue
      }
      if (!d.image) imagesAllowed = false
      const person: SnapshotPerson = { pseudonym: d.pseudonym, role: d.role, withheld: d.withheld }
      if (d.identity !== null) {
        person.name = d.identity.name
        if (d.identity.aliases !== undefined && d.identity.aliases.length > 0) person.aliases = d.identity.aliases
        plan.counts.personsNamed++
      } else plan.counts.personsPseudonymised++
      list.push(person)
    }
    plan.persons[inc.id] = list
    plan.imagesAllowed[inc.id] = imagesAllowed
    // A need-to-know narrative is internal (never public), and never for a builder not cleared to read it.
    plan.narrativeWithheld[inc.id] = inc.needToKnow && (profile === 'public' || inc.viewerCleared === false)
    plan.exhibitsBarred[inc.id] = inc.needToKnow && inc.viewerCleared === false
  }
  return plan
}
