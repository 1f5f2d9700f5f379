import type { ConsentState } from '../../../types/schemas.ts'

/**
 * Who a built dossier may be handed to, and whether it still may be: pure rules over what the dossier
 * recorded when it was built (its basis) and the consent of the same persons now.
 */

/** The consents a dossier relies on: for its recipient's purpose, storage, and images. */
export type BasisConsent = Record<'purpose' | 'storage' | 'image', ConsentState[keyof ConsentState]>

/** One person of the case as the dossier saw them (ids and consent states only). */
export type BasisPerson = { person: string; incident: string; named: boolean; needToKnow: boolean; consent: BasisConsent }

export type HandOutDecision = { ok: true } | { ok: false; code: 'SANAD_ERR_FORBIDDEN' | 'SANAD_ERR_DOSSIER_STALE'; message: string }

/**
 * The builder may always take the files; anyone else only when they may read the identity of every
 * need-to-know person the dossier names. A dossier whose persons' consent changed since it was built
 * is stale for everyone: it must be built again. A dossier from before bases were recorded is for
 * its builder only.
 */
export function handOut(input: {
  isBuilder: boolean
  basis: BasisPerson[] | null
  /** Whether the requester may read this person's identity now. */
  mayReadIdentity: (person: string) => boolean
  /** This person's consent now, for the same purposes. */
  consentNow: (person: string) => BasisConsent
}): HandOutDecision {
  if (input.basis === null) {
    return input.isBuilder
      ? { ok: true }
      : {
          ok: false,
          code: 'SANAD_ERR_FORBIDDEN',
          message: 'Only its builder may download a dossier built before its disclosure basis was recorded.'
        }
  }
  if (!input.isBuilder && !input.basis.every((p) => !(p.named && p.needToKnow) || input.mayReadIdentity(p.person))) {
    return {
      ok: false,
      code: 'SANAD_ERR_FORBIDDEN',
      message: 'This dossier names need-to-know persons you are not cleared for; only its builder and cleared users may download it.'
    }
  }
  const changed = input.basis.filter((p) => {
    const now = input.consentNow(p.person)
    return now.purpose !== p.consent.purpose || now.storage !== p.consent.storage || now.image !== p.consent.image
  })
  if (changed.length > 0) {
    return {
      ok: false,
      code: 'SANAD_ERR_DOSSIER_STALE',
      message: `Consent of ${changed.length} person(s) changed since this dossier was built: build it again.`
    }
  }
  return { ok: true }
}

/** Persons whose consent a delivered dossier relied on and who have since withdrawn it. */
export function withdrawnSinceDelivery(
  basis: BasisPerson[],
  consentNow: (person: string) => BasisConsent
): Array<{ person: string; purpose: 'purpose' | 'storage' | 'image' }> {
  const out: Array<{ person: string; purpose: 'purpose' | 'storage' | 'image' }> = []
  for (const p of basis) {
    const now = consentNow(p.person)
    for (const k of ['purpose', 'storage', 'image'] as const) {
      if (p.consent[k] === 'granted' && now[k] === 'withdrawn') out.push({ person: p.person, purpose: k })
    }
  }
  return out
}
