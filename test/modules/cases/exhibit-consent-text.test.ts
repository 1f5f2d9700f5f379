// What a dossier says of an exhibit's image or voice consent and of a blurred copy's lineage (#17 item 9).
import t from 'tap'
import { consentLabel, consentText, lineageText, type ExhibitLineage } from '../../../server/modules/cases/exhibit-consent-text.ts'

const lineage = (parameters: Record<string, number>): ExhibitLineage => ({
  kind: 'blurred',
  source: 'E1',
  sourceSha256: 'a'.repeat(64),
  derivativeSha256: 'b'.repeat(64),
  method: 'pixelate-then-box-blur-v1',
  parameters,
  ledgerIndex: 12,
  contentSha256: 'c'.repeat(64)
})
const base = { blocksPerShortSide: 24, boxPasses: 2, jpegQuality: 85, block: 25 }

t.test('a copy turned upright says so, with the orientation, in every language; one stored upright does not', async (t) => {
  t.match(lineageText(lineage({ ...base, orientation: 6 }), 'en'), /Turned upright first, as the source's EXIF Orientation 6 says\.$/)
  t.match(lineageText(lineage({ ...base, orientation: 6 }), 'fa'), /جهت EXIF اصل \(6\) راست شده است\.$/)
  t.match(lineageText(lineage({ ...base, orientation: 8 }), 'ps'), /EXIF د جهت \(8\) له مخې سم شوی دی\.$/)
  const upright: Array<[string, Record<string, number>]> = [
    ['orientation 1', { ...base, orientation: 1 }],
    ['no orientation recorded (made before it was applied)', base]
  ]
  for (const [name, p] of upright)
    for (const lang of ['en', 'fa', 'ps'] as const) t.notMatch(lineageText(lineage(p), lang), /EXIF/, `${lang}: ${name}`)
})

t.test('a recording withheld for want of consent says why, and names the voice, in every language', async (t) => {
  const withheld = {
    decision: 'withhold' as const,
    reason: 'depicted-not-consented' as const,
    thumbnail: false,
    missing: ['W-0002'],
    substitute: 'voice-not-disguisable' as const,
    voice: true as const
  }
  t.equal(
    consentText(withheld, 'en', false),
    'Not carried: W-0002 has not consented to the use of their image or voice for this recipient. A voice cannot be disguised here, so the recording is withheld.'
  )
  t.match(consentText(withheld, 'fa', false), /^ارائه نشده: W-0002 به استفاده از تصویر یا صدایش/)
  t.match(consentText(withheld, 'ps', false), /^نه دی وړاندې شوی: W-0002 .*انځور یا غږ/)
  t.match(
    consentText({ ...withheld, missing: [] }, 'en', false),
    /^Not carried: a person this recording identifies has not consented/,
    'a person left out is not named'
  )
  const carried = { decision: 'carry' as const, reason: 'depicted-consented' as const, thumbnail: false, missing: [], voice: true as const }
  t.match(consentText(carried, 'en', true), /image or voice/)
  t.equal(consentLabel('en', true), 'Image or voice consent')
  t.equal(consentLabel('en'), 'Image consent')
  t.equal(consentLabel('fa', true), 'رضایت تصویر یا صدا')
  t.equal(consentLabel('ps', true), 'د انځور یا غږ رضایت')
})
