import t from 'tap'
import { custodyDisclosure, custodySummary } from '../../../../server/modules/cases/stages/custody-disclosure.ts'

const H64 = 'a'.repeat(64)
const ID = '0b8f4a52-63c1-4b6e-9a77-2d1c2f3e4a5b'

t.test('an entry is printed only when every detail is an id, hash, number or closed word', async (t) => {
  const table: Array<[string, { type: string; details: Record<string, unknown> }, 'shown' | 'hash-only' | 'hidden']> = [
    ['ingest entry', { type: 'ingested', details: { incident: ID, sha512: 'b'.repeat(128), size: 10, mediaType: 'image/jpeg' } }, 'shown'],
    [
      'ingest entry with its description hash',
      { type: 'ingested', details: { incident: ID, sha512: 'b'.repeat(128), size: 10, mediaType: 'image/jpeg', descriptionSha256: H64 } },
      'shown'
    ],
    [
      'ingest entry with a description hash that is not a hash',
      { type: 'ingested', details: { incident: ID, descriptionSha256: 'the gate' } },
      'hash-only'
    ],
    [
      'derived copy',
      {
        type: 'derived-copy-made',
        details: { variant: 'shared', copySha256: H64, copySize: 9, method: 'metadata-removed-lossless', removed: ['Exif', 'APP13'] }
      },
      'shown'
    ],
    ['access for a case', { type: 'accessed', details: { variant: 'shared', servedSha256: H64, purpose: `case:${ID}` } }, 'shown'],
    [
      'access with a vocabulary purpose',
      { type: 'accessed', details: { variant: 'original', servedSha256: H64, purpose: 'verification' } },
      'shown'
    ],
    ['access without purpose', { type: 'accessed', details: { variant: 'original', servedSha256: H64 } }, 'shown'],
    [
      'access with a free-text purpose',
      { type: 'accessed', details: { variant: 'original', servedSha256: H64, purpose: 'asked by Zarghuna' } },
      'hash-only'
    ],
    [
      'access with a one-word free-text purpose',
      { type: 'accessed', details: { variant: 'original', servedSha256: H64, purpose: 'zarghuna' } },
      'hash-only'
    ],
    ['an unknown detail', { type: 'ingested', details: { incident: ID, note: 'x' } }, 'hash-only'],
    ['an ingest entry with a bad media type', { type: 'ingested', details: { mediaType: 'Zarghuna Ahmadi' } }, 'hash-only'],
    ['an entry type not on the list', { type: 'annotated', details: { code: 'x' } }, 'hash-only'],
    [
      'a delivery to this recipient (its reference is free)',
      { type: 'shared-with-recipient', details: { recipient: 'icc-otp', method: 'otplink', reference: 'OTP-1' } },
      'hash-only'
    ],
    ['a delivery to another recipient', { type: 'shared-with-recipient', details: { recipient: 'un-iima', method: 'otplink' } }, 'hidden']
  ]
  for (const [what, entry, expected] of table) t.equal(custodyDisclosure(entry, 'icc-otp'), expected, what)
})

t.test('the summary of a shown entry is code-like', async (t) => {
  t.equal(custodySummary({ type: 'ingested', details: { size: 10, mediaType: 'image/jpeg' } }), 'size=10 type=image/jpeg')
  t.equal(
    custodySummary({ type: 'accessed', details: { variant: 'shared', purpose: 'verification' } }),
    'variant=shared purpose=verification'
  )
  t.equal(
    custodySummary({ type: 'derived-copy-made', details: { copySha256: H64, method: 'metadata-removed-lossless' } }),
    `copy=${'a'.repeat(16)}… metadata-removed-lossless`
  )
})
