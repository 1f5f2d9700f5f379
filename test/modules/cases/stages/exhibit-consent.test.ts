import t from 'tap'
import {
  exhibitConsent,
  type ExhibitConsentDecision,
  type ExhibitConsentInput
} from '../../../../server/modules/cases/stages/exhibit-consent.ts'

const yes = { pseudonym: 'W-0001', image: true, include: true }
const no = { pseudonym: 'V-0002', image: false, include: true }
const leftOut = { pseudonym: 'V-0003', image: false, include: false }

const base: ExhibitConsentInput = {
  mediaType: 'image/jpeg',
  profile: 'full',
  isBlurredCopy: false,
  depicted: null,
  incidentImagesAllowed: true
}

const carry = (reason: ExhibitConsentDecision['reason'], thumbnail = true): ExhibitConsentDecision => ({
  decision: 'carry',
  reason,
  thumbnail,
  missing: []
})
const notConsented = (over: Partial<ExhibitConsentDecision>): ExhibitConsentDecision => ({
  decision: 'withhold',
  reason: 'depicted-not-consented',
  thumbnail: false,
  missing: ['V-0002'],
  substitute: 'none-made',
  ...over
})

const table: Array<[string, Partial<ExhibitConsentInput>, ExhibitConsentDecision]> = [
  [
    'a document is not decided by image consent',
    { mediaType: 'application/pdf', incidentImagesAllowed: false },
    carry('not-visual', false)
  ],
  // A voice identifies: the one consent to the use of a person's image or voice (schemas/consent.json) decides a linked recording.
  [
    'audio linked to a person without image-or-voice consent is withheld in the full profile: a voice cannot be disguised',
    { mediaType: 'audio/mpeg', depicted: [yes, no] },
    notConsented({ substitute: 'voice-not-disguisable', voice: true })
  ],
  [
    'the same recording in the public profile, with a "blurred copy" number given: still withheld',
    { mediaType: 'audio/ogg', depicted: [no], profile: 'public', blurredCopy: 'E4' },
    notConsented({ substitute: 'voice-not-disguisable', voice: true })
  ],
  [
    'audio linked to a person left out of the dossier: withheld, the person not named',
    { mediaType: 'audio/wav', depicted: [leftOut] },
    notConsented({ missing: [], substitute: 'voice-not-disguisable', voice: true })
  ],
  [
    'audio whose linked persons all consented is carried, with nothing to draw',
    { mediaType: 'audio/mpeg', depicted: [yes], incidentImagesAllowed: false },
    { ...carry('depicted-consented', false), voice: true }
  ],
  [
    'audio nobody linked is left to the profile rules',
    { mediaType: 'audio/mpeg', incidentImagesAllowed: false },
    carry('not-visual', false)
  ],
  ['audio with an empty list of linked persons counts as nobody linked', { mediaType: 'audio/mpeg', depicted: [] }, carry('not-visual')],
  [
    'a video linked to a person without consent is withheld in the restricted profile too',
    { mediaType: 'video/quicktime', depicted: [yes, no], profile: 'restricted' },
    notConsented({ substitute: 'not-blurrable' })
  ],
  [
    'a video whose linked persons all consented is carried and may be drawn',
    { mediaType: 'video/mp4', depicted: [yes], incidentImagesAllowed: false },
    carry('depicted-consented')
  ],
  ['a photo whose linked persons all consented is carried', { depicted: [yes] }, carry('depicted-consented')],
  [
    'a photo linked only to consenting persons is carried even when another person of the incident did not consent',
    { depicted: [yes], incidentImagesAllowed: false },
    carry('depicted-consented')
  ],
  [
    'a photo linked to a person without image consent is withheld in the full profile too (no blurred copy yet)',
    { depicted: [yes, no] },
    notConsented({})
  ],
  ['the same photo in the public profile', { depicted: [no], profile: 'public' }, notConsented({})],
  [
    'its blurred copy stands in when the dossier carries one',
    { depicted: [no], blurredCopy: 'E7' },
    notConsented({ decision: 'blurred-derivative', substitute: 'blurred-copy', blurredCopy: 'E7' })
  ],
  [
    'a video cannot be blurred: withheld even with a "copy"',
    { mediaType: 'video/mp4', depicted: [no], blurredCopy: 'E7' },
    notConsented({ substitute: 'not-blurrable' })
  ],
  [
    'a person left out of the dossier is never named, but still keeps the image out',
    { depicted: [yes, leftOut] },
    notConsented({ missing: [] })
  ],
  ['no depicts link: the incident-level rule, consented', {}, carry('incident-consented')],
  [
    'no depicts link and a person of the incident did not consent: the incident-level rule (the profile decides), no thumbnail',
    { incidentImagesAllowed: false },
    notConsented({ decision: 'carry', reason: 'incident-not-consented', missing: [] })
  ],
  [
    'no depicts link, no consent, a blurred copy carried: the copy stands in',
    { incidentImagesAllowed: false, blurredCopy: 'E2', profile: 'restricted' },
    notConsented({
      decision: 'blurred-derivative',
      reason: 'incident-not-consented',
      missing: [],
      substitute: 'blurred-copy',
      blurredCopy: 'E2'
    })
  ],
  [
    'an empty list of depicted persons counts as no link',
    { depicted: [], incidentImagesAllowed: false },
    notConsented({ decision: 'carry', reason: 'incident-not-consented', missing: [] })
  ],
  [
    'a video nobody linked, in an incident without consent: the incident-level rule, no copy possible',
    { mediaType: 'video/mp4', incidentImagesAllowed: false, blurredCopy: 'E9' },
    notConsented({ decision: 'carry', reason: 'incident-not-consented', missing: [], substitute: 'not-blurrable' })
  ],
  [
    'a blurred copy made by Sanad is carried whoever it shows',
    { isBlurredCopy: true, depicted: [no], incidentImagesAllowed: false, profile: 'public' },
    carry('blurred-copy')
  ],
  ['a PNG screenshot follows the same rule', { mediaType: 'image/png', depicted: [no] }, notConsented({})]
]

for (const [name, input, expected] of table) {
  t.test(name, async (t) => {
    t.same(exhibitConsent({ ...base, ...input }), expected)
  })
}
