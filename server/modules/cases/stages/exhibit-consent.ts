import type { DisclosureProfileName } from '../../../types/schemas.ts'

/**
 * Image consent per exhibit (#17 item 9). Pure. An image or a video that persons are recorded as
 * showing ("depicts" links) is carried in a dossier (attached, in the package, drawn as a thumbnail)
 * only when every one of them may appear in images for this recipient — the one disclosure function's
 * `image` decision, which needs the person's image consent and consent for this recipient. Where that
 * consent is missing the original is not carried in any profile: a blurred copy Sanad made of it
 * stands in when the dossier carries one; a video cannot be blurred here and is withheld.
 *
 * A sound recording identifies by the voice, and the consent model has one consent for both
 * ("use of the person's image or voice", schemas/consent.json): an audio file linked to a person
 * without it is withheld like a video (a voice cannot be disguised here). An audio file nobody has
 * linked is left to the profile's rules, as a document is.
 *
 * An exhibit nobody has linked keeps the incident-level rule: when a person of its incident may not
 * appear in images, it is not drawn as a thumbnail and its blurred copy stands in if one was made;
 * otherwise the profile decides as before (the public profile leaves it out, the others carry the
 * file) — and the dossier says exactly that.
 */
export type DepictedPerson = {
  pseudonym: string
  /** The disclosure function lets the person's image out to this recipient. */
  image: boolean
  /** False: the person is left out of the dossier altogether (not even the pseudonym may appear). */
  include: boolean
}

export type ExhibitConsentInput = {
  mediaType: string
  profile: DisclosureProfileName
  /** The exhibit is itself a blurred copy made by Sanad (faces cannot be recognised). */
  isBlurredCopy: boolean
  /** The persons its depicts links name; null when none is recorded. */
  depicted: readonly DepictedPerson[] | null
  /** Every person of the exhibit's incident may appear in images for this recipient. */
  incidentImagesAllowed: boolean
  /** This dossier's number of a blurred copy of the exhibit that it carries, if any. */
  blurredCopy?: string | undefined
}

export type ExhibitConsentReason =
  /** Not an image or a video, nor a recording linked to a person: image consent does not decide it (the profile's rules do). */
  | 'not-visual'
  /** A blurred copy made by Sanad: carried whoever it shows. */
  | 'blurred-copy'
  /** Every person it is linked to may appear in images for this recipient. */
  | 'depicted-consented'
  /** No depicts link; every person of its incident may appear in images for this recipient. */
  | 'incident-consented'
  /** A person it is linked to may not appear in images for this recipient. */
  | 'depicted-not-consented'
  /** No depicts link, and a person of its incident may not appear in images for this recipient. */
  | 'incident-not-consented'

export type ExhibitConsentDecision = {
  /** `carry`: the exhibit itself (as the profile allows); `blurred-derivative`: its blurred copy instead; `withhold`: neither. */
  decision: 'carry' | 'blurred-derivative' | 'withhold'
  reason: ExhibitConsentReason
  /** The image may be drawn in the PDF (when carried). */
  thumbnail: boolean
  /** Pseudonyms of the linked persons whose image may not go out (a person left out is never named). */
  missing: string[]
  /** What stands in for a withheld image: its blurred copy, none made yet, or none possible (video; a voice in a recording). */
  substitute?: 'blurred-copy' | 'none-made' | 'not-blurrable' | 'voice-not-disguisable'
  /** The number of the blurred copy carried instead. */
  blurredCopy?: string
  /** A sound recording: decided by the same consent, to the use of the person's image or voice. */
  voice?: true
}

export function isVisual(mediaType: string): boolean {
  return mediaType.startsWith('image/') || mediaType.startsWith('video/')
}

/** A sound recording: a voice identifies as a face does. */
export function isRecording(mediaType: string): boolean {
  return mediaType.startsWith('audio/')
}

export function exhibitConsent(input: ExhibitConsentInput): ExhibitConsentDecision {
  if (isRecording(input.mediaType) && input.depicted !== null && input.depicted.length > 0) return recordingConsent(input.depicted)
  if (!isVisual(input.mediaType)) return { decision: 'carry', reason: 'not-visual', thumbnail: input.incidentImagesAllowed, missing: [] }
  if (input.isBlurredCopy) return { decision: 'carry', reason: 'blurred-copy', thumbnail: true, missing: [] }
  const linked = input.depicted !== null && input.depicted.length > 0
  const missing = linked ? (input.depicted ?? []).filter((p) => !p.image) : []
  const allowed = linked ? missing.length === 0 : input.incidentImagesAllowed
  if (allowed) return { decision: 'carry', reason: linked ? 'depicted-consented' : 'incident-consented', thumbnail: true, missing: [] }
  const out = {
    reason: linked ? ('depicted-not-consented' as const) : ('incident-not-consented' as const),
    thumbnail: false,
    missing: missing.filter((p) => p.include).map((p) => p.pseudonym)
  }
  if (input.blurredCopy !== undefined && !input.mediaType.startsWith('video/'))
    return { decision: 'blurred-derivative', ...out, substitute: 'blurred-copy', blurredCopy: input.blurredCopy }
  const substitute = input.mediaType.startsWith('video/') ? ('not-blurrable' as const) : ('none-made' as const)
  // Nobody recorded whom it shows: the incident-level rule, as before (the profile decides, no thumbnail).
  if (!linked) return { decision: 'carry', ...out, substitute }
  return { decision: 'withhold', ...out, substitute }
}

/** A recording linked to persons: carried only when every one of them consented to the use of their voice (no thumbnail). */
function recordingConsent(depicted: readonly DepictedPerson[]): ExhibitConsentDecision {
  const missing = depicted.filter((p) => !p.image)
  if (missing.length === 0) return { decision: 'carry', reason: 'depicted-consented', thumbnail: false, missing: [], voice: true }
  return {
    decision: 'withhold',
    reason: 'depicted-not-consented',
    thumbnail: false,
    missing: missing.filter((p) => p.include).map((p) => p.pseudonym),
    substitute: 'voice-not-disguisable',
    voice: true
  }
}
