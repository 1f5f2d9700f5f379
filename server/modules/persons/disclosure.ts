import { allows, type Role } from '../../auth/permissions.ts'
import type { ConsentState, PersonIdentity } from '../../types/schemas.ts'
import type { ConsentKey } from './consent.ts'

/**
 * The one disclosure function: what of a person may leave the system, for whom, under which profile.
 * Case files, dossiers, packages and the web all call it, so consent and need-to-know are applied in
 * one place. Pure: the caller loads the person (decrypting only when `identityAllowed` says so) and
 * records the access.
 */
export type Recipient = 'icc' | 'un' | 'national' | 'public' | 'internal'
export type DisclosureProfile = 'identities' | 'pseudonymised'

/** The purpose whose consent a recipient needs. */
export const RECIPIENT_PURPOSE: Record<Recipient, ConsentKey> = {
  icc: 'icc',
  un: 'un',
  national: 'national',
  public: 'publication',
  internal: 'internalAnalysis'
}

export type PersonFacts = {
  id: string
  pseudonym: string
  role: 'victim' | 'witness' | 'source' | 'perpetrator'
  protected: boolean
  needToKnow: boolean
  consent: ConsentState
}

export type DisclosureOptions = {
  recipient: Recipient
  profile: DisclosureProfile
  viewerRole: Role
  /** The viewer recorded the person or holds a clearance for the incident (needed when needToKnow). */
  viewerCleared?: boolean
}

export type WithheldReason =
  | 'storage-consent-withdrawn'
  | 'profile-pseudonymised'
  | 'viewer-not-allowed'
  | 'need-to-know'
  | 'no-consent-for-recipient'
  | 'no-image-consent'

export type DisclosureDecision = {
  /** False: the person must not appear in the output at all, not even by pseudonym. */
  include: boolean
  identity: boolean
  image: boolean
  withheld: WithheldReason[]
}

export type Disclosure = {
  include: boolean
  id: string
  pseudonym: string
  role: PersonFacts['role']
  /** Present only when it may be disclosed; otherwise the pseudonym stands for the person. */
  identity: PersonIdentity | null
  /** The person's image or voice may appear (unredacted). */
  image: boolean
  withheld: WithheldReason[]
}

/** The decision alone, without the identity: callers decrypt only when `identity` is true. */
export function disclosureDecision(person: PersonFacts, options: DisclosureOptions): DisclosureDecision {
  const withheld: WithheldReason[] = []
  if (person.protected && person.consent.storage === 'withdrawn') {
    return { include: false, identity: false, image: false, withheld: ['storage-consent-withdrawn'] }
  }
  const purposeConsent = person.consent[RECIPIENT_PURPOSE[options.recipient]] === 'granted'
  let identity = true
  if (options.profile !== 'identities') {
    identity = false
    withheld.push('profile-pseudonymised')
  }
  if (!allows(options.viewerRole, 'person:read')) {
    identity = false
    withheld.push('viewer-not-allowed')
  }
  if (person.needToKnow && options.viewerCleared !== true) {
    identity = false
    withheld.push('need-to-know')
  }
  // Protected persons are named only to a recipient they consented to; unprotected ones (e.g. a public
  // official as perpetrator) may be named, still subject to profile, viewer and need-to-know.
  if (person.protected && !purposeConsent) {
    identity = false
    withheld.push('no-consent-for-recipient')
  }
  let image = true
  if (person.protected) {
    if (person.consent.image !== 'granted') {
      image = false
      withheld.push('no-image-consent')
    } else if (!purposeConsent) image = false
  }
  return { include: true, identity, image, withheld }
}

/**
 * What may be disclosed of a person. `identity` is the decrypted identity, or a function that
 * returns it (called only when the identity may be disclosed).
 */
export function disclose(
  person: PersonFacts & { identity: PersonIdentity | (() => PersonIdentity) },
  options: DisclosureOptions
): Disclosure {
  const decision = disclosureDecision(person, options)
  const identity =
    decision.include && decision.identity ? (typeof person.identity === 'function' ? person.identity() : person.identity) : null
  return {
    include: decision.include,
    id: person.id,
    pseudonym: person.pseudonym,
    role: person.role,
    identity,
    image: decision.include && decision.image,
    withheld: decision.withheld
  }
}
