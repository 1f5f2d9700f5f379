import t from 'tap'
import {
  ALL_VERIFICATION_METHODS,
  findingDigest,
  methodFitsPhase,
  VERIFICATION_METHODS,
  verificationContentSha256,
  verificationSummary
} from '../../../server/lib/analysis/verification-records.ts'
import { readFileSync } from 'node:fs'

t.test('each method belongs to its phase only (other excepted)', async (t) => {
  const table: Array<[Parameters<typeof methodFitsPhase>[0], string, boolean]> = [
    ['technical', 'geolocation', true],
    ['technical', 'chronolocation', true],
    ['technical', 'source-interview', false],
    ['source', 'source-profile', true],
    ['source', 'geolocation', false],
    ['content', 'corroboration', true],
    ['content', 'metadata-analysis', false],
    ['content', 'other', true]
  ]
  for (const [phase, method, fits] of table) t.equal(methodFitsPhase(phase, method), fits, `${phase} ${method}`)
  const schema = JSON.parse(readFileSync(new URL('../../../schemas/verification-input.json', import.meta.url), 'utf8'))
  t.same([...schema.properties.method.enum].sort(), [...ALL_VERIFICATION_METHODS].sort(), 'the schema lists exactly the methods')
  t.ok(VERIFICATION_METHODS.technical.includes('reverse-image-search'))
})

t.test('the summary takes each phase at its latest record', async (t) => {
  const table: Array<[Parameters<typeof verificationSummary>[0], string, string[]]> = [
    [[], 'unverified', []],
    [[{ phase: 'technical', status: 'unverified' }], 'unverified', ['technical']],
    [[{ phase: 'technical', status: 'verified' }], 'partly-verified', ['technical']],
    [
      [
        { phase: 'source', status: 'verified' },
        { phase: 'technical', status: 'verified' },
        { phase: 'content', status: 'verified' }
      ],
      'verified',
      ['source', 'technical', 'content']
    ],
    [
      [
        { phase: 'source', status: 'verified' },
        { phase: 'technical', status: 'verified' },
        { phase: 'content', status: 'verified' },
        { phase: 'content', status: 'unverified' }
      ],
      'partly-verified',
      ['source', 'technical', 'content']
    ],
    [
      [
        { phase: 'content', status: 'partly-verified' },
        { phase: 'content', status: 'unverified' }
      ],
      'unverified',
      ['content']
    ]
  ]
  for (const [records, status, phases] of table) {
    const s = verificationSummary(records)
    t.equal(s.status, status, JSON.stringify(records))
    t.same(s.phases, phases)
  }
})

t.test('the content hash changes with every field, and the finding counts only through its salted digest', async (t) => {
  const base = {
    id: '00000000-0000-4000-8000-000000000001',
    evidenceId: '00000000-0000-4000-8000-000000000002',
    phase: 'technical' as const,
    method: 'geolocation',
    status: 'verified' as const,
    findingDigest: findingDigest('00'.repeat(16), 'the ridge line matches'),
    analyst: 'user:x',
    createdAt: '2026-01-01T00:00:00.000Z'
  }
  const h = verificationContentSha256(base)
  t.match(h, /^[0-9a-f]{64}$/)
  for (const [k, v] of Object.entries({
    status: 'unverified',
    method: 'chronolocation',
    analyst: 'user:y',
    createdAt: '2026-01-02T00:00:00.000Z'
  }))
    t.not(verificationContentSha256({ ...base, [k]: v }), h, k)
  t.not(findingDigest('00'.repeat(16), 'x'), findingDigest('01'.repeat(16), 'x'), 'the salt changes the digest')
  t.equal(verificationContentSha256({ ...base }), h, 'deterministic')
})
