import type { CaseRecipient, DisclosureProfileName } from '../../types/schemas.ts'
import type { DisclosureProfile as PersonProfile, Recipient as PersonRecipient } from '../persons/disclosure.ts'
import { STRIPPABLE } from '../../lib/media/strip-metadata.ts'

/**
 * What a case's disclosure profile lets out of the system about everything that is not a person:
 * places, media files and what files and records say about their origin. Persons are decided by the
 * one disclosure function (`disclose()` in persons/disclosure.ts, through app.persons.discloseFor);
 * this module only maps a case's recipient and profile onto its terms. The dossier builder, the
 * package writer and the routes all ask here, so a profile means the same everywhere.
 */

/** The recipient class whose consent purpose a case recipient needs. */
export const PERSON_RECIPIENT: Record<CaseRecipient, PersonRecipient> = {
  'icc-otp': 'icc',
  'un-iima': 'un',
  national: 'national',
  public: 'public'
}

/** `full` may show identities (where disclose() allows); the other profiles never do. */
export const PERSON_PROFILE: Record<DisclosureProfileName, PersonProfile> = {
  full: 'identities',
  restricted: 'pseudonymised',
  public: 'pseudonymised'
}

/** A public recipient never gets original media metadata, exact places or identities by profile. */
export function profileAllowed(recipient: CaseRecipient, profile: DisclosureProfileName): boolean {
  return !(recipient === 'public' && profile === 'full')
}

export type PlaceLevel = 'exact' | 'district' | 'province'

export const PLACE_LEVEL: Record<DisclosureProfileName, PlaceLevel> = { full: 'exact', restricted: 'district', public: 'province' }

export type StoredLocation = {
  province: string
  provinceName?: { en?: string; fa?: string; ps?: string }
  district?: string
  place?: string
  lat?: number
  lon?: number
  coordinatePrecision?: string
}

export type DisclosedPlace = {
  level: PlaceLevel
  province: string
  provinceName: { en?: string; fa?: string; ps?: string }
  district?: string
  place?: string
  lat?: number
  lon?: number
  coordinatePrecision?: string
}

/**
 * The place of an incident as the profile lets it out: `full` everything recorded, `restricted` the
 * province and district (no settlement, no coordinates), `public` the province only.
 */
export function placeFor(profile: DisclosureProfileName, location: StoredLocation): DisclosedPlace {
  const level = PLACE_LEVEL[profile]
  const out: DisclosedPlace = { level, province: location.province, provinceName: { ...(location.provinceName ?? {}) } }
  if (level === 'province') return out
  if (location.district !== undefined) out.district = location.district
  if (level === 'district') return out
  if (location.place !== undefined) out.place = location.place
  if (location.lat !== undefined && location.lon !== undefined) {
    out.lat = location.lat
    out.lon = location.lon
    if (location.coordinatePrecision !== undefined) out.coordinatePrecision = location.coordinatePrecision
  }
  return out
}

export type ExhibitVariant = 'original' | 'shared' | 'withheld'
export type WithheldExhibitReason =
  | 'no-metadata-free-copy'
  | 'no-image-consent'
  | 'depicted-without-image-consent'
  | 'recorded-without-voice-consent'
  | 'need-to-know'

/**
 * Which bytes of an exhibit a dossier carries. `full`: the original, metadata and all. `restricted`:
 * the shared copy (metadata removed losslessly) where one can be made, i.e. JPEG and PNG; any other
 * file (video, documents, audio) would carry its metadata, so none is included and the exhibit is
 * listed by its hashes only. `public`: as restricted, and media of an incident are left out
 * altogether unless every person of that incident may appear in images for that recipient.
 */
export function exhibitVariant(
  profile: DisclosureProfileName,
  mediaType: string,
  imagesAllowed: boolean
): { variant: ExhibitVariant; reason?: WithheldExhibitReason } {
  if (profile === 'full') return { variant: 'original' }
  if (profile === 'public' && !imagesAllowed) return { variant: 'withheld', reason: 'no-image-consent' }
  if (STRIPPABLE.has(mediaType)) return { variant: 'shared' }
  return { variant: 'withheld', reason: 'no-metadata-free-copy' }
}

/** Capture time, GPS, device and software read from files; original file names; flag messages quoting them. */
export function showsMediaMetadata(profile: DisclosureProfileName): boolean {
  return profile === 'full'
}

/**
 * Free text that records may carry beside the narrative — evidence descriptions, source descriptions
 * and URLs, the assessor of a qualification — may name or locate people: only in `full`.
 */
export function showsFreeTextDetails(profile: DisclosureProfileName): boolean {
  return profile === 'full'
}

/** The pseudonymous code of who collected an item, and when it was collected. */
export function showsCollection(profile: DisclosureProfileName): boolean {
  return profile !== 'public'
}

/** An image is drawn in the PDF only when no person of its incident is kept out of images. */
export function showsThumbnail(mediaType: string, imagesAllowed: boolean): boolean {
  return imagesAllowed && STRIPPABLE.has(mediaType)
}
