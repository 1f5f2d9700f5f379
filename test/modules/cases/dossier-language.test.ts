// A Dari or Pashto dossier prints no English status or code: every closed vocabulary a dossier
// prints (statuses, precisions, perpetrator types, organs and involvements, source types, evidence
// sources, element assessments, flags, custody events and their details, roles, profiles,
// recipients, verification records) has its Dari and Pashto words, and the document built from a
// snapshot that uses every one of them holds none of the codes as a word. The codes come from the
// JSON Schemas themselves (and the few closed lists kept in code), so a new code fails here until
// it is translated.
import t from 'tap'
import { readFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { execFileSync } from 'node:child_process'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { dossierModel, type DossierSnapshot, type SnapshotExhibit, type SnapshotIncident } from '../../../server/modules/cases/dossier.ts'
import { FA_CODES, PS_CODES, type CodeKind } from '../../../server/modules/cases/code-labels.ts'
import { LABELS } from '../../../server/modules/cases/labels.ts'
import { FLAG_CODES } from '../../../server/lib/media/flags.ts'
import { ACCESS_PURPOSES } from '../../../server/lib/protection/access-purposes.ts'
import { categoryById } from '../../../server/lib/context/afghan-context.ts'
import { world, createCase, generate, download } from '../../helpers/case-world.ts'
import { requireTool } from '../../helpers/system-tools.ts'

/** The `enum` of a schema at a dotted path, e.g. enumOf('incident-input', '$defs.precision'). */
function enumOf(name: string, path: string): string[] {
  let node: unknown = JSON.parse(readFileSync(new URL(`../../../schemas/${name}.json`, import.meta.url), 'utf8'))
  for (const key of path.split('.')) node = (node as Record<string, unknown>)[key]
  const values = (node as { enum?: unknown } | undefined)?.enum
  if (!Array.isArray(values)) throw new Error(`${name}: no enum at ${path}`)
  return values as string[]
}

/** Organs named in the schema's description of perpetrator.organ (the web form offers the same list). */
const ORGANS = ['gdi', 'mpvpv', 'police', 'courts', 'army', 'prisons', 'local-administration']
/** Victim breakdown keys the web form offers, and the sexes of person records. */
const VICTIM_GROUPS = [
  ...['female', 'male', 'child', 'adult', 'older-person', 'hazara', 'tajik', 'pashtun', 'uzbek', 'turkmen', 'baloch'],
  ...['nuristani', 'other-ethnicity', 'shia', 'sunni', 'ismaili', 'sikh', 'hindu', 'other-religion'],
  ...enumOf('person', '$defs.sex')
]
/** Custody events an exhibit's timeline may show (the evidence-subject ledger types). */
const CUSTODY_EVENTS = Object.keys(FA_CODES.custodyEvent).filter((k) => k !== 'unknown')

/** Every code the dossier may print, by the vocabulary that translates it. */
const VOCABULARIES: Array<
  [CodeKind | 'roles' | 'profiles' | 'recipients' | 'verificationStatuses' | 'verificationPhases' | 'verificationMethods', string[]]
> = [
  ['incidentStatus', enumOf('incident-query', 'properties.status')],
  ['precision', enumOf('incident-input', '$defs.precision')],
  ['coordinatePrecision', enumOf('incident-input', '$defs.location.properties.coordinatePrecision')],
  ['elementStatus', enumOf('incident-input', '$defs.elementStatus')],
  ['perpetratorType', enumOf('incident-input', '$defs.perpetrator.properties.type')],
  ['involvement', enumOf('incident-input', '$defs.perpetrator.properties.involvement')],
  ['liabilityMode', enumOf('involvement-input', '$defs.mode')],
  ['organ', ORGANS],
  ['sourceType', enumOf('incident-input', '$defs.source.properties.type')],
  ['evidenceSource', enumOf('evidence-upload', 'properties.source')],
  ['flag', [...FLAG_CODES, 'OUTSIDE_ICC_JURISDICTION_WINDOW']],
  ['custodyEvent', CUSTODY_EVENTS],
  ['accessPurpose', [...ACCESS_PURPOSES]],
  ['custodyValue', ['original', 'shared', 'metadata-removed-lossless']],
  // Custody events recorded by people: their types and every closed list they carry.
  ['custodyEvent', enumOf('custody-event-input', 'properties.type')],
  [
    'custodyValue',
    ['fromSource', 'medium', 'method', 'platform', 'action', 'template', 'kind', 'certification'].flatMap((f) =>
      enumOf('custody-event-input', `properties.${f}`)
    )
  ],
  ['victimGroup', VICTIM_GROUPS],
  ['roles', enumOf('person', '$defs.personRole')],
  ['profiles', enumOf('case-input', '$defs.profile')],
  ['recipients', enumOf('case-input', '$defs.recipient')],
  ['verificationStatuses', enumOf('verification-input', 'properties.status')],
  ['verificationPhases', enumOf('verification-input', 'properties.phase')],
  ['verificationMethods', enumOf('verification-input', 'properties.method')]
]
const ALL_CODES = new Set(VOCABULARIES.flatMap(([, codes]) => codes))

t.test('every code the dossier prints has its Dari and Pashto words', async (t) => {
  for (const [lang, codes] of [
    ['fa', FA_CODES],
    ['ps', PS_CODES]
  ] as const) {
    for (const [kind, list] of VOCABULARIES) {
      const words: Record<string, unknown> =
        kind in codes ? codes[kind as CodeKind] : (LABELS[lang][kind as 'roles'] as Record<string, unknown>)
      const missing = list.filter((code) => typeof words[code] !== 'string' || (words[code] as string).trim() === '')
      t.same(missing, [], `${lang} ${kind}`)
      const english = list.filter((code) => /[A-Za-z]{3}/.test(String(words[code] ?? '').replace(/GPS|SHA-256|UN|NGO/g, '')))
      t.same(english, [], `${lang} ${kind}: words in Latin script`)
    }
    for (const flag of FLAG_CODES) t.ok(codes.flagExplain[flag], `${lang} explains ${flag}`)
  }
})

// ---------------------------------------------------------------------------
// A snapshot that uses every code.

const HEX = 'a'.repeat(64)
const DARI = 'متن ثبت‌شده به دری'
const statuses = enumOf('incident-input', '$defs.elementStatus')

function incidentOf(i: number, status: string): SnapshotIncident {
  const precisions = enumOf('incident-input', '$defs.precision')
  const coords = enumOf('incident-input', '$defs.location.properties.coordinatePrecision')
  const category = i === 0 ? 'cah-persecution-gender' : 'cah-imprisonment'
  const elements = categoryById(category)!.elements
  return {
    id: `00000000-0000-4000-8000-00000000000${i}`,
    reference: `INC-2024-00${i}`,
    revision: 1,
    status,
    title: DARI,
    narrative: DARI,
    narrativeLanguage: 'fa-AF',
    occurred: {
      from: '2023-08-03',
      to: '2023-08-04',
      precision: precisions[i % precisions.length]!,
      fromSolarHijri: '1402-05-12',
      toSolarHijri: '1402-05-13'
    },
    place: {
      level: 'exact',
      province: 'AF-KAB',
      provinceName: {},
      district: DARI,
      lat: 34.5,
      lon: 69.1,
      coordinatePrecision: coords[i % coords.length]!
    },
    categories: [category],
    qualifications: [
      {
        category,
        elements: elements.slice(0, statuses.length - 1).map((el, k) => ({ element: el.id, status: statuses[k + 1] as 'supported' }))
      }
    ],
    victims: {
      count: 3,
      countIsEstimate: true,
      killed: 1,
      bySex: Object.fromEntries(VICTIM_GROUPS.slice(0, 2).map((g) => [g, 1])),
      byAgeGroup: { child: 1, adult: 1, 'older-person': 1 },
      byEthnicity: Object.fromEntries(VICTIM_GROUPS.slice(5, 13).map((g) => [g, 1])),
      byReligion: Object.fromEntries([...VICTIM_GROUPS.slice(13, 19), 'intersex', 'unknown'].map((g) => [g, 1]))
    },
    perpetrators: enumOf('incident-input', '$defs.perpetrator.properties.type').map((type, k) => ({
      type: type as 'militia',
      organ: ORGANS[k % ORGANS.length],
      involvement: enumOf('incident-input', '$defs.perpetrator.properties.involvement')[k] as 'direct'
    })),
    sources: enumOf('incident-input', '$defs.source.properties.type').map((type) => ({
      type,
      reliability: 'B',
      credibility: 2,
      description: DARI
    })),
    flags: ['OUTSIDE_ICC_JURISDICTION_WINDOW'],
    patternReferences: [],
    persons: enumOf('person', '$defs.personRole').map((role, k) => ({
      pseudonym: `V-${k}`,
      role: role as 'victim',
      withheld: []
    })),
    exhibits: ['E1'],
    links: [],
    // Every mode of liability, by a person and by a unit of every perpetrator type and organ.
    involvements: enumOf('involvement-input', '$defs.mode').map((mode, k) => ({
      perpetrator:
        k % 2 === 0
          ? { kind: 'person' as const, pseudonym: 'P-0001', positions: [] }
          : {
              kind: 'organisation' as const,
              orgKind: k % 4 === 1 ? 'unit' : 'organisation',
              type: enumOf('incident-input', '$defs.perpetrator.properties.type')[k % 6]!,
              organ: ORGANS[k % ORGANS.length]!,
              name: ORGANS[k % ORGANS.length]!
            },
      mode,
      category,
      element: elements[0]!.id,
      from: '2023-08-01',
      exhibits: ['E1'],
      sources: ['V-0']
    })),
    imagesAllowed: true,
    narrativeWithheld: false
  }
}

function exhibitOf(i: number, source: string): SnapshotExhibit {
  const proof = { index: i, leafHash: HEX, canonical: '', proof: [] }
  const methods = enumOf('verification-input', 'properties.method')
  const phases = enumOf('verification-input', 'properties.phase') as Array<'source'>
  const vstatuses = enumOf('verification-input', 'properties.status') as Array<'verified'>
  const custody = [
    ...CUSTODY_EVENTS.map((type, k) => ({ type, details: '', k })),
    ...ACCESS_PURPOSES.map((p, k) => ({ type: 'accessed', details: `variant=${k % 2 === 0 ? 'original' : 'shared'} purpose=${p}`, k })),
    { type: 'accessed', details: 'variant=shared purpose=case:00000000-0000-4000-8000-000000000000', k: 0 },
    { type: 'ingested', details: 'size=12 type=image/jpeg', k: 0 },
    { type: 'derived-copy-made', details: `copy=${HEX.slice(0, 16)}… metadata-removed-lossless`, k: 0 }
  ].map((r, k) => ({
    index: k,
    time: '2024-01-01T00:00:00.000Z',
    type: r.type,
    actor: 'user:1',
    details: r.details,
    disclosure: 'shown' as const,
    leafHash: HEX,
    proof: []
  }))
  return {
    number: `E${i + 1}`,
    stableId: `SND-E-2024-${String(i + 1).padStart(6, '0')}`,
    evidenceId: `e${i}`,
    incidentReference: 'INC-2024-000',
    name: 'photo.jpg',
    mediaType: 'image/jpeg',
    size: 12,
    sha256: HEX,
    sha512: HEX + HEX,
    variant: (['original', 'shared', 'withheld'] as const)[i % 3]!,
    withheldReason: (['no-metadata-free-copy', 'no-image-consent', 'need-to-know'] as const)[i % 3],
    file: null,
    placement: (['attached', 'package', 'withheld'] as const)[i % 3]!,
    thumbnail: false,
    thumbnailWithheld: true,
    metadata: { capturedAt: '2023-08-03T10:00:00Z', device: 'phone' },
    flags: FLAG_CODES.map((code) => ({ code, message: `English message about ${code}` })),
    source: { type: source },
    collectedAt: '2023-08-05',
    collectedBy: 'FD-07',
    description: DARI,
    ingestIndex: i,
    verification: {
      status: vstatuses[i % 3]!,
      phases,
      records: methods.map((method, k) => ({
        phase: phases[k % 3]!,
        method,
        status: vstatuses[k % 3]!,
        createdAt: '2024-01-02T00:00:00Z',
        analyst: 'AN-1'
      }))
    },
    ingest: proof,
    custody,
    // Custody events recorded by people, a translation among them (#17 item 6).
    collection: [
      {
        type: 'transcribed-or-translated',
        occurredAt: '2024-03-02',
        codes: {
          by: 'TR-03',
          kind: 'transcript-and-translation',
          sourceLanguage: 'fa-AF',
          targetLanguage: 'en',
          method: 'machine-assisted',
          certification: 'informal',
          reviewedBy: 'RV-01'
        },
        ledgerIndex: i,
        contentSha256: HEX
      },
      {
        type: 'received',
        occurredAt: '2023-08-05',
        codes: { by: 'FD-07', fromSource: 'witness', medium: 'memory-card', method: 'in-person' },
        ledgerIndex: i,
        contentSha256: HEX
      }
    ]
  }
}

function snapshot(
  language: 'fa' | 'ps',
  recipient: 'icc-otp' | 'un-iima' | 'national' | 'public',
  profile: 'full' | 'restricted' | 'public'
): DossierSnapshot {
  return {
    dossierId: 'd1',
    language,
    generatedAt: '2024-02-01T00:00:00.000Z',
    generator: { name: 'Sanad', version: '0.1.0' },
    case: { id: 'c1', reference: 'CASE-2024-001', title: DARI, purpose: DARI, recipient, profile, revision: 2 },
    checkpoint: { note: 'note', origin: 'sanad.example/ledger', size: 10, rootHash: HEX, timestamp: null, tsaConfigured: false },
    verifierKey: 'key',
    manifestSha256: HEX,
    incidents: enumOf('incident-query', 'properties.status').map((s, i) => incidentOf(i, s)),
    leftOut: [{ reference: 'INC-2024-009', reason: 'retracted' }],
    patterns: [],
    exhibits: enumOf('evidence-upload', 'properties.source').map((s, i) => exhibitOf(i, s)),
    renderings: (['translation', 'transcript', 'transcript-and-translation'] as const).map((kind, k) => ({
      number: `E${k + 2}`,
      kind,
      original: 'E1',
      sourceLanguage: 'fa-AF',
      targetLanguage: ['en', 'ps', 'ar'][k]!,
      method: k === 0 ? 'human' : 'machine-assisted',
      certification: k === 0 ? 'certified' : 'informal',
      by: 'TR-03',
      reviewedBy: 'RV-01',
      date: '2024-03-02'
    }))
  }
}

/** The words a reader sees: every string of every block (not the attachments' bytes or the PDF's metadata). */
function printedText(model: ReturnType<typeof dossierModel>): string {
  const out: string[] = [model.runningHeader ?? '']
  const walk = (v: unknown, key: string): void => {
    if (typeof v === 'string') {
      if (!['kind', 'direction', 'lang', 'style', 'align'].includes(key)) out.push(v)
    } else if (Array.isArray(v)) for (const x of v) walk(x, key)
    else if (v !== null && typeof v === 'object' && !(v instanceof Uint8Array)) for (const [k, x] of Object.entries(v)) walk(x, k)
  }
  walk(model.blocks, '')
  walk(model.labels, '')
  return out.join('\n')
}

function rawCodes(text: string): string[] {
  const words = new Set(text.split(/[^A-Za-z0-9_-]+/).filter((w) => w.length > 0))
  return [...ALL_CODES].filter((code) => words.has(code)).sort()
}

const files = {
  manifest: new Uint8Array(),
  signature: '',
  checkpoint: '',
  custody: new Uint8Array(),
  timestampResponse: null,
  exhibit: () => undefined
}

for (const language of ['fa', 'ps'] as const) {
  t.test(`a ${language} dossier using every code prints none of them`, async (t) => {
    for (const [recipient, profile] of [
      ['icc-otp', 'full'],
      ['un-iima', 'restricted'],
      ['national', 'public'],
      ['public', 'public']
    ] as const) {
      const text = printedText(dossierModel(snapshot(language, recipient, profile), files))
      t.same(rawCodes(text), [], `${recipient} ${profile}`)
      t.notMatch(text, /English message/, 'flag messages in English stay out')
    }
    const text = printedText(dossierModel(snapshot(language, 'icc-otp', 'full'), files))
    const C = language === 'fa' ? FA_CODES : PS_CODES
    for (const word of [
      C.elementStatus.supported,
      C.perpetratorType['de-facto-authorities'],
      C.sourceType['official-decree'],
      C.custodyEvent.ingested
    ])
      t.ok(text.includes(word!), `prints ${word}`)
  })
}

t.test('the English dossier prints words, not codes (no dossier prints a raw code)', async (t) => {
  const base = snapshot('fa', 'icc-otp', 'full')
  // The server's English flag messages quote facts, never the flag's code (this world's messages name it).
  const exhibits = base.exhibits.map((e) => ({ ...e, flags: e.flags.map((f) => ({ code: f.code, message: 'An English message.' })) }))
  const snap = { ...base, exhibits, language: 'en' as const }
  const text = printedText(dossierModel(snap, files))
  // Codes that are also plain English words (`supported`, `verified`) may stand in a sentence: the
  // compound codes cannot.
  t.same(
    rawCodes(text).filter((code) => /[-_]/.test(code)),
    []
  )
  for (const words of ['De facto authorities (Taliban)', 'Not assessed', 'Official decree']) t.ok(text.includes(words), words)
})

t.test('an English, a Dari and a Pashto PDF built through the API carry no code', async (t) => {
  if (!requireTool(t, 'pdftotext')) return
  const dir = mkdtempSync(join(tmpdir(), 'sanad-dossier-language-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  const w = await world(t)
  const caseId = await createCase(w, { profile: 'full' })
  for (const language of ['en', 'fa', 'ps'] as const) {
    const d = await generate(w, caseId, language)
    t.equal(d.status, 'ready')
    const file = join(dir, `${language}.pdf`)
    writeFileSync(file, await download(w, d.id, 'pdf'))
    const text = execFileSync('pdftotext', ['-layout', file, '-']).toString('utf8')
    // The world's English titles and narratives are recorded text: only codes that are no English word are sought here.
    t.same(
      rawCodes(text).filter((code) => /[-_]/.test(code)),
      [],
      language
    )
    t.notMatch(text, /\bnot-assessed\b|\bde-facto-authorities\b|\bwitness-testimony\b/)
  }
})
