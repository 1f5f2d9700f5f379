import t from 'tap'
import { canonicalJson } from '../../../../server/lib/ledger/canonical-json.ts'
import type { LedgerEntry } from '../../../../server/lib/ledger/ledger-entry.ts'
import type { Evidence } from '../../../../server/types/schemas.ts'
import type { FullIncident as Incident } from '../../../../server/modules/incidents/service.ts'
import type { Pattern } from '../../../../server/modules/patterns/service.ts'
import { disclosurePlan } from '../../../../server/modules/cases/stages/disclosure-plan.ts'
import { redactedSnapshot, type DossierGathered, type GatheredEntry } from '../../../../server/modules/cases/stages/redacted-snapshot.ts'
import { custodyDocumentOf, manifestOf } from '../../../../server/modules/cases/stages/manifest.ts'
import { possibleNames } from '../../../../server/modules/cases/stages/possible-names.ts'
import { EN_CODES, FA_CODES, PS_CODES } from '../../../../server/modules/cases/code-labels.ts'

const CODES_BY_LANG = { en: EN_CODES, fa: FA_CODES, ps: PS_CODES }

const ID = (n: number): string => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`
const H = (c: string, n = 64): string => c.repeat(n)
const entry = (index: number, type: string, details: Record<string, unknown>): GatheredEntry => {
  const e = {
    v: 1,
    index,
    time: '2024-01-01T00:00:00.000Z',
    type,
    actor: 'user:x',
    subject: { kind: 'evidence', id: ID(9), sha256: H('a') },
    details,
    prevHash: H('0')
  } as unknown as LedgerEntry
  return { index, leafHash: H(String(index % 10)), canonical: canonicalJson(e).toString('base64'), proof: [H('f')], entry: e }
}

const incident = (id: string, over: Partial<Incident>): Incident =>
  ({
    id,
    reference: 'SND-2024-000001',
    revision: 1,
    status: 'verified',
    title: 'Zarghuna detained',
    narrative: 'Zarghuna said Rahimi was there.',
    narrativeLanguage: 'en',
    occurred: { from: '2023-01-01', to: '2023-01-01', precision: 'day', fromSolarHijri: '1401-10-11', toSolarHijri: '1401-10-11' },
    location: { province: 'AF-KAB', district: 'Rahimi district', place: 'Qala', lat: 34.5, lon: 69.1 },
    categories: ['cah-imprisonment'],
    qualifications: [
      {
        category: 'cah-imprisonment',
        elements: [{ element: 'deprivation-of-liberty', status: 'supported', note: 'Ahmadi confirms' }],
        assessor: 'Analyst Rahimi'
      }
    ],
    perpetrators: [{ type: 'de-facto-authorities', organ: 'gdi', unit: 'Rahimi unit' }],
    sources: [{ type: 'witness-testimony', description: 'Told by Zarghuna' }],
    flags: [],
    patternIds: [ID(5)],
    ...over
  }) as unknown as Incident

function gathered(profile: 'full' | 'restricted' | 'public', recipient: 'icc-otp' | 'public' = 'icc-otp'): DossierGathered {
  const item = {
    id: ID(9),
    stableId: 'SND-E-2026-000009',
    name: 'zarghuna-photo.jpg',
    mediaType: 'image/jpeg',
    size: 10,
    sha256: H('a'),
    sha512: H('b', 128),
    description: 'Photo from Zarghuna',
    source: { type: 'url-download', url: 'https://x.example/zarghuna' },
    collectedBy: 'FD-07',
    metadata: { status: 'none' },
    flagDetails: [],
    ingestIndex: 1
  } as unknown as Evidence
  return {
    dossierId: ID(1),
    language: 'en',
    generatedAt: '2025-01-01T00:00:00.000Z',
    generator: { name: 'Sanad', version: '0' },
    case: { id: ID(2), reference: 'SND-C-2025-0001', title: 'Case of Zarghuna Ahmadi', purpose: 'Ask Rahimi', recipient, profile },
    checkpoint: { note: 'n', origin: 'o', size: 10, rootHash: H('c'), timestamp: null },
    verifierKey: 'k',
    incidents: [
      incident(ID(3), {}),
      incident(ID(4), {
        reference: 'SND-2024-000002',
        categories: ['cah-sexual-violence-other'],
        narrative: 'A need-to-know account.',
        title: 'Secret title'
      })
    ],
    leftOut: [],
    patterns: [
      {
        id: ID(5),
        reference: 'SND-P-2024-0001',
        revision: 1,
        title: 'Orders of Rahimi',
        description: 'Zarghuna and others',
        attack: { targetedPopulation: 'Families of Ahmadi' },
        policyEvidence: [{ title: 'Letter by Rahimi', issuedBy: 'Rahimi' }]
      } as unknown as Pattern
    ],
    elementLinks: [
      { incidentId: ID(3), category: 'cah-imprisonment', element: 'deprivation-of-liberty', evidenceIds: [ID(9)], note: 'Zarghuna saw it' }
    ],
    exhibits: [
      {
        number: 'E1',
        item,
        incidentId: ID(3),
        incidentReference: 'SND-2024-000001',
        variant: profile === 'full' ? 'original' : 'shared',
        file: { sha256: profile === 'full' ? H('a') : H('d'), sha512: H('e', 128), size: 9 },
        placement: { attached: true, thumbnail: false },
        thumbnailable: true,
        entries: [
          entry(1, 'ingested', { incident: ID(3), sha512: H('b', 128), size: 10, mediaType: 'image/jpeg' }),
          entry(2, 'derived-copy-made', {
            variant: 'shared',
            copySha256: H('d'),
            copySize: 9,
            method: 'metadata-removed-lossless',
            removed: ['Exif']
          }),
          entry(3, 'accessed', { variant: 'original', servedSha256: H('a'), purpose: 'asked by Zarghuna' }),
          entry(4, 'shared-with-recipient', { recipient: 'icc-otp', method: 'otplink', reference: 'OTP-9' })
        ]
      }
    ]
  }
}

const persons = [
  {
    disclosure: { include: true, id: 'p', pseudonym: 'W-0001', role: 'witness' as const, identity: null, image: true, withheld: [] },
    terms: ['Zarghuna Ahmadi', 'Rahimi']
  }
]
const planFor = (profile: 'full' | 'restricted' | 'public') =>
  disclosurePlan(profile, [
    { id: ID(3), needToKnow: false, persons },
    { id: ID(4), needToKnow: true, persons: [] }
  ])

t.test('every free-text field of the snapshot is redacted, whichever incident a name belongs to', async (t) => {
  for (const profile of ['full', 'restricted', 'public'] as const) {
    const snap = redactedSnapshot(gathered(profile, profile === 'public' ? 'public' : 'icc-otp'), planFor(profile))
    const text = JSON.stringify(snap)
    for (const part of ['Zarghuna', 'Ahmadi', 'Rahimi', 'zarghuna'])
      t.notOk(text.includes(part), `${profile}: no "${part}" anywhere in the snapshot`)
    t.equal(snap.case.title, 'Case of W-0001', `${profile}: case title`)
    t.equal(snap.incidents[0]!.narrative, 'W-0001 said W-0001 was there.', `${profile}: narrative`)
    t.equal(snap.patterns[0]!.policyEvidence[0]!.issuedBy, 'W-0001', `${profile}: policy evidence`)
    t.equal(snap.incidents[0]!.links[0]!.note, 'W-0001 saw it', `${profile}: element link note`)
  }
})

t.test('what each profile keeps of free text, files and custody', async (t) => {
  const full = redactedSnapshot(gathered('full'), planFor('full'))
  const restricted = redactedSnapshot(gathered('restricted'), planFor('restricted'))
  const pub = redactedSnapshot(gathered('public', 'public'), planFor('public'))
  t.equal(full.exhibits[0]!.name, 'W-0001-photo.jpg', 'full keeps the file name, redacted')
  t.equal(full.exhibits[0]!.file!.path, 'exhibits/E1-W-0001-photo.jpg')
  t.equal(restricted.exhibits[0]!.name, 'E1.jpg', 'restricted names the file by its number')
  t.equal(full.incidents[0]!.qualifications[0]!.assessor, 'Analyst W-0001')
  t.equal(restricted.incidents[0]!.qualifications[0]!.assessor, undefined, 'the assessor only in full')
  t.equal(restricted.incidents[0]!.sources[0]!.description, undefined)
  t.equal(restricted.incidents[1]!.narrative, 'A need-to-know account.', 'restricted keeps a need-to-know narrative')
  t.match(pub.incidents[1], { title: '', narrative: '', narrativeWithheld: true }, 'public does not')
  t.equal(restricted.exhibits[0]!.derivation?.index, 2, 'the shared copy keeps its derivation proof')
  t.same(
    restricted.exhibits[0]!.custody.map((r) => [r.index, r.disclosure, r.canonical !== undefined]),
    [
      [1, 'shown', true],
      [2, 'shown', true],
      [3, 'hash-only', false],
      [4, 'hash-only', false]
    ]
  )
  t.same(
    pub.exhibits[0]!.custody.map((r) => [r.disclosure, r.type, r.time]).at(-1),
    ['hidden', 'withheld', '—'],
    'a delivery to another recipient shows nothing but its leaf'
  )
})

t.test('a custody row that is not printed says so in closed-vocabulary words the dossier translates, never English prose', async (t) => {
  const restricted = redactedSnapshot(gathered('restricted'), planFor('restricted'))
  const pub = redactedSnapshot(gathered('public', 'public'), planFor('public'))
  const hashOnly = restricted.exhibits[0]!.custody.find((r) => r.disclosure === 'hash-only')!
  t.match(hashOnly.details, /^details=not-printed leaf=[0-9a-f]{16}…$/)
  t.match(pub.exhibits[0]!.custody.at(-1)!.details, /^entry=not-in-export leaf=[0-9a-f]{16}…$/)
  for (const lang of ['en', 'fa', 'ps'] as const) {
    for (const word of ['not-printed', 'not-in-export'])
      t.ok(CODES_BY_LANG[lang].custodyValue[word] !== undefined, `${lang}: words for ${word}`)
    for (const key of ['details', 'entry', 'leaf']) t.ok(CODES_BY_LANG[lang].custodyDetail[key] !== undefined, `${lang}: label for ${key}`)
  }
})

t.test('the manifest and custody are made from the snapshot', async (t) => {
  const snap = redactedSnapshot(gathered('restricted'), planFor('restricted'))
  const manifest = manifestOf(snap)
  t.equal(manifest.case.title, 'Case of W-0001', 'the manifest carries the redacted case title')
  t.same(
    manifest.incidents.map((i) => i.title),
    ['W-0001 detained', 'Secret title']
  )
  t.match(manifest.exhibits[0], {
    number: 'E1',
    name: 'E1.jpg',
    variant: 'shared',
    attachedToPdf: true,
    ingest: { index: 1 },
    derivation: { index: 2 }
  })
  const custody = custodyDocumentOf(snap) as { exhibits: Array<{ entries: Array<Record<string, unknown>> }> }
  t.same(
    custody.exhibits[0]!.entries.map((e) => 'canonical' in e),
    [true, true, false, false],
    'free text and deliveries travel as leaf hash and proof'
  )
  t.notOk(canonicalJson(custody).toString().includes('OTP-9'))
  const pub = manifestOf(redactedSnapshot(gathered('public', 'public'), planFor('public')))
  t.equal(pub.incidents[1]!.title, '', 'public: no title of a need-to-know incident in the manifest')
})

t.test('the possible names left are listed by field with an excerpt', async (t) => {
  const snap = redactedSnapshot(gathered('restricted'), planFor('restricted'))
  snap.incidents[0]!.narrative = 'The guards took Habibullah away. Later his cousin Tariq came. محمد هم بود.'
  const found = possibleNames(snap)
  t.same(
    found
      .filter((f) => f.field === 'incident SND-2024-000001 narrative')
      .map((f) => f.excerpt.includes('Habibullah') || f.excerpt.includes('Tariq') || f.excerpt.includes('محمد')),
    [true, true, true]
  )
  t.notOk(
    found.some((f) => /\bThe guards\b/.test(f.excerpt) && f.field.endsWith('narrative') && !/Habibullah|Tariq|محمد/.test(f.excerpt)),
    'a capital at the start of a sentence is not a name'
  )
  t.notOk(
    found.some((f) => f.field === 'case.title'),
    'pseudonyms are not names'
  )
})

t.test('a need-to-know incident its builder may not read is counted, and its exhibits by hash only', async (t) => {
  const g = gathered('full')
  // The exhibit belongs to the need-to-know incident, which the uncleared builder gets as hashes only.
  g.exhibits[0] = {
    ...g.exhibits[0]!,
    incidentId: ID(4),
    incidentReference: 'SND-2024-000002',
    variant: 'withheld',
    reason: 'need-to-know',
    file: null
  }
  const plan = disclosurePlan('full', [
    { id: ID(3), needToKnow: false, viewerCleared: false, persons },
    { id: ID(4), needToKnow: true, viewerCleared: false, persons: [] }
  ])
  const snap = redactedSnapshot(g, plan)
  const inc = snap.incidents[1]!
  t.match(inc, { title: '', narrative: '', narrativeWithheld: true })
  t.same(inc.place, { level: 'province', province: 'AF-KAB', provinceName: {} }, 'the province only: no district, place or coordinates')
  t.equal(inc.qualifications[0]!.assessor, undefined, 'no assessor')
  const x = snap.exhibits[0]!
  t.equal(x.name, 'E1.jpg', 'the exhibit by its number, not its file name')
  t.match(x, { metadata: null, file: null, placement: 'withheld' })
  for (const field of ['description', 'collectedBy', 'collectedAt'] as const) t.equal(x[field], undefined, `no ${field}`)
  t.same(x.source, { type: 'url-download' }, 'the source type only, no URL')
  t.equal(snap.incidents[0]!.place.place, 'Qala', 'the incident the builder may read keeps its place in full')
})

t.test(
  'custody begins at collection: recorded events in the order they happened, the gap to upload, free fields by profile, a custodian register',
  async (t) => {
    const withEvents = (profile: 'full' | 'restricted'): DossierGathered => {
      const g = gathered(profile)
      const ev = (
        type: string,
        occurredAt: string,
        codes: Record<string, string>,
        sealed: Record<string, string>,
        ledgerIndex: number
      ) => ({
        type,
        occurredAt,
        codes,
        sealed,
        ledgerIndex,
        contentSha256: H('9')
      })
      return {
        ...g,
        custodyEvents: {
          [ID(9)]: [
            ev(
              'captured-online',
              '2019-05-01T08:00:00.000Z',
              { by: 'KBL-07', platform: 'facebook' },
              { url: 'https://fb.example/zarghuna', tool: 'Hunchly' },
              7
            ),
            ev('transferred', '2019-06-01', { by: 'KBL-07', toStaffCode: 'HRT-02', method: 'courier' }, { note: 'Rahimi carried it' }, 8)
          ]
        },
        accounts: [
          { id: 'x', staffCode: 'KBL-07', role: 'documenter' },
          { id: 'y', staffCode: 'HRT-02', role: 'reviewer' },
          { id: 'z', staffCode: null, role: 'legal' }
        ]
      }
    }
    const full = redactedSnapshot(withEvents('full'), planFor('full'))
    const restricted = redactedSnapshot(withEvents('restricted'), planFor('restricted'))
    const e = full.exhibits[0]!
    t.same(
      e.collection?.map((c) => [c.type, c.occurredAt, c.codes.by]),
      [
        ['captured-online', '2019-05-01T08:00:00.000Z', 'KBL-07'],
        ['transferred', '2019-06-01', 'KBL-07']
      ]
    )
    t.equal(e.collectionGapDays, 1705, 'from 1 May 2019 to the upload on 1 January 2024')
    t.same(e.collection?.[0]?.sealed, { url: 'https://fb.example/W-0001', tool: 'Hunchly' }, 'full prints the URL and tool, redacted')
    t.equal(e.collection?.[1]?.sealed?.note, 'W-0001 carried it', 'free fields are redacted like every free text')
    t.equal(restricted.exhibits[0]!.collection?.[0]?.sealed, undefined, 'restricted prints codes only')
    t.same(full.custodians, [
      { account: 'user:y', staffCode: 'HRT-02', role: 'reviewer' },
      { account: 'user:x', staffCode: 'KBL-07', role: 'documenter' }
    ])
    t.equal(redactedSnapshot(gathered('full'), planFor('full')).custodians, undefined, 'no events, no staff codes: no register, as before')
  }
)
