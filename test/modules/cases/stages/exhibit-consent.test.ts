import t from 'tap'
import { exhibitConsent, type ExhibitConsentInput } from '../../../../server/modules/cases/stages/exhibit-consent.ts'

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

const table: Array<[string, Partial<ExhibitConsentInput>, ReturnType<typeof exhibitConsent>]> = [
  [
    'a document is not decided by image consent',
    { mediaType: 'application/pdf', incidentImagesAllowed: false },
    { decision: 'carry', reason: 'not-visual', missing: [] }
  ],
  [
    'audio is left to the profile rules',
    { mediaType: 'audio/mpeg', depicted: [no] },
    { decision: 'carry', reason: 'not-visual', missing: [] }
  ],
  [
    'a photo whose linked persons all consented is carried',
    { depicted: [yes] },
    { decision: 'carry', reason: 'depicted-consented', missing: [] }
  ],
  [
    'a photo linked only to consenting persons is carried even when another person of the incident did not consent',
    { depicted: [yes], incidentImagesAllowed: false },
    { decision: 'carry', reason: 'depicted-consented', missing: [] }
  ],
  [
    'a photo linked to a person without image consent is withheld in the full profile too (no blurred copy yet)',
    { depicted: [yes, no] },
    { decision: 'withhold', reason: 'depicted-not-consented', missing: ['V-0002'], substitute: 'none-made' }
  ],
  [
    'the same photo in the public profile',
    { depicted: [no], profile: 'public' },
    { decision: 'withhold', reason: 'depicted-not-consented', missing: ['V-0002'], substitute: 'none-made' }
  ],
  [
    'its blurred copy stands in when the dossier carries one',
    { depicted: [no], blurredCopy: 'E7' },
    { decision: 'blurred-derivative', reason: 'depicted-not-consented', missing: ['V-0002'], substitute: 'blurred-copy', blurredCopy: 'E7' }
  ],
  [
    'a video cannot be blurred: withheld even with a "copy"',
    { mediaType: 'video/mp4', depicted: [no], blurredCopy: 'E7' },
    { decision: 'withhold', reason: 'depicted-not-consented', missing: ['V-0002'], substitute: 'not-blurrable' }
  ],
  [
    'a person left out of the dossier is never named, but still keeps the image out',
    { depicted: [yes, leftOut] },
    { decision: 'withhold', reason: 'depicted-not-consented', missing: [], substitute: 'none-made' }
  ],
  ['no depicts link: the incident-level rule, consented', {}, { decision: 'carry', reason: 'incident-consented', missing: [] }],
  [
    'no depicts link and a person of the incident did not consent: not carried in the full profile either',
    { incidentImagesAllowed: false },
    { decision: 'withhold', reason: 'incident-not-consented', missing: [], substitute: 'none-made' }
  ],
  [
    'no depicts link, no consent, a blurred copy carried',
    { incidentImagesAllowed: false, blurredCopy: 'E2', profile: 'restricted' },
    { decision: 'blurred-derivative', reason: 'incident-not-consented', missing: [], substitute: 'blurred-copy', blurredCopy: 'E2' }
  ],
  [
    'an empty list of depicted persons counts as no link',
    { depicted: [], incidentImagesAllowed: false },
    { decision: 'withhold', reason: 'incident-not-consented', missing: [], substitute: 'none-made' }
  ],
  [
    'a blurred copy made by Sanad is carried whoever it shows',
    { isBlurredCopy: true, depicted: [no], incidentImagesAllowed: false, profile: 'public' },
    { decision: 'carry', reason: 'blurred-copy', missing: [] }
  ],
  [
    'a PNG screenshot follows the same rule',
    { mediaType: 'image/png', depicted: [no] },
    { decision: 'withhold', reason: 'depicted-not-consented', missing: ['V-0002'], substitute: 'none-made' }
  ]
]

for (const [name, input, expected] of table) {
  t.test(name, async (t) => {
    t.same(exhibitConsent({ ...base, ...input }), expected)
  })
}
