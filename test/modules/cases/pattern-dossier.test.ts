// Done-when of #18 items 1 and 7: a case with a pattern covering three incidents in three provinces
// shows the contextual elements once under the pattern, each incident's rows inherited (or overridden
// with its reason), the computed scale, and the evidence chart with the admiralty legend, in the
// English and the Dari dossier; the Dari one prints none of the codes. GET /cases/:id/evidence-chart
// gives the same chart.
import t from 'tap'
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { testApp, incidentInput } from '../../helpers/app.ts'
import { as, type Inject } from '../../helpers/client.ts'
import { multipart } from '../../helpers/multipart.ts'
import { evidenceFixture } from '../../helpers/files.ts'
import { requireTool } from '../../helpers/system-tools.ts'
import { PATTERN_LABELS } from '../../../server/modules/cases/pattern-labels.ts'
import { CONTEXT_ELEMENTS, ORGANISATION_TYPES, OVERRIDE_REASONS } from '../../../server/lib/analysis/pattern-context.ts'
import { plainPdf, testRecipient } from '../../helpers/recipient-key.ts'

const norm = (s: string): string =>
  s
    .normalize('NFKC')
    .replace(/[\u200E\u200F\u202A-\u202E\u2066-\u2069]/g, '')
    .replace(/\s+/gu, '')

async function created(inject: Inject, url: string, payload: unknown): Promise<Record<string, string>> {
  const res = await inject({ method: 'POST', url, payload: payload as object })
  if (res.statusCode !== 201) throw new Error(`${url}: ${res.statusCode} ${res.body}`)
  return res.json()
}

async function put(inject: Inject, url: string, payload: unknown): Promise<Record<string, string>> {
  const res = await inject({ method: 'PUT', url, payload: payload as object })
  if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode} ${res.body}`)
  return res.json()
}

t.test('every code of the pattern lists has its words in English, Dari and Pashto, and Dari and Pashto ones are not Latin', async (t) => {
  for (const lang of ['en', 'fa', 'ps'] as const) {
    const P = PATTERN_LABELS[lang]
    for (const [name, codes, words] of [
      ['contextElements', CONTEXT_ELEMENTS, P.contextElements],
      ['overrideReasons', OVERRIDE_REASONS, P.overrideReasons],
      ['organisationTypes', ORGANISATION_TYPES, P.organisationTypes]
    ] as const) {
      const table = words as Record<string, string>
      t.same(
        codes.filter((c) => typeof table[c] !== 'string' || table[c] === ''),
        [],
        `${lang} ${name}`
      )
      if (lang !== 'en')
        t.same(
          codes.filter((c) => /[A-Za-z]{3}/.test(table[c] ?? '')),
          [],
          `${lang} ${name}: no Latin words`
        )
    }
  }
})

t.test('a pattern of three incidents in three provinces: inherited context and scale in the English and Dari dossier', async (t) => {
  if (!requireTool(t, 'pdftotext')) return
  const app = await testApp(t)
  const doc = await as(app, 'documenter')
  const legal = await as(app, 'legal')
  const p = await created(doc, '/api/v1/patterns', {
    title: 'Gender persecution across the north and west',
    description: 'Decrees barring women and girls, enforced by detention.',
    attackingOrganisation: { type: 'de-facto-authorities', name: 'Ministry for the Propagation of Virtue' }
  })
  const inc = async (province: string, from: string, extra: Record<string, unknown> = {}) =>
    await created(
      doc,
      '/api/v1/incidents',
      incidentInput({
        title: `Detention of women in ${province}`,
        categories: ['cah-persecution-gender'],
        occurred: { from },
        location: { province },
        patternIds: [p.id],
        ...extra
      })
    )
  const kabul = await inc('AF-KAB', '2023-02-01', {
    sources: [
      { type: 'victim-testimony', reliability: 'B', credibility: 2 },
      { type: 'media-report', reliability: 'C', credibility: 3 }
    ]
  })
  const herat = await inc('AF-HER', '2023-06-10')
  const balkh = await inc('AF-BAL', '2023-11-20')
  await created(doc, `/api/v1/incidents/${kabul.id}/persons`, {
    role: 'victim',
    name: 'A B',
    sex: 'female',
    age: { at: 'incident', years: 15 }
  })
  await created(doc, `/api/v1/incidents/${herat.id}/persons`, {
    role: 'victim',
    name: 'C D',
    sex: 'female',
    age: { at: 'incident', years: 31 }
  })
  await created(doc, `/api/v1/incidents/${balkh.id}/persons`, { role: 'victim', name: 'E F', sex: 'male' })

  const { payload, headers } = multipart([{ name: 'file', value: evidenceFixture('kabul-phone.jpg'), filename: 'kabul-phone.jpg' }])
  const item = (await doc({ method: 'POST', url: `/api/v1/incidents/${kabul.id}/evidence`, payload, headers })).json()
  await created(doc, `/api/v1/evidence/${item.id}/verifications`, {
    phase: 'technical',
    method: 'geolocation',
    finding: 'The gate matches',
    status: 'verified'
  })
  const policy = await put(doc, `/api/v1/patterns/${p.id}/context/state-or-organisational-policy`, {
    status: 'supported',
    evidenceIds: [item.id]
  })
  await put(doc, `/api/v1/patterns/${p.id}/context/attack-on-civilian-population`, { status: 'supported' })
  await put(doc, `/api/v1/patterns/${p.id}/context/part-of-the-attack`, { status: 'partly-supported' })
  await put(doc, `/api/v1/incidents/${balkh.id}/patterns/${p.id}/context/knowledge-of-the-attack`, {
    status: 'not-supported',
    reason: 'knowledge-not-shown'
  })

  const c = await created(legal, '/api/v1/cases', {
    title: 'Gender persecution',
    incidentIds: [kabul.id, herat.id, balkh.id],
    recipient: 'icc-otp',
    profile: 'full',
    elementLinks: [{ incidentId: kabul.id, category: 'cah-persecution-gender', element: 'gender-ground', evidenceIds: [item.id] }]
  })

  const chart = (await legal(`/api/v1/cases/${c.id}/evidence-chart`)).json()
  t.same(chart.rows, [
    {
      incidentId: kabul.id,
      incidentReference: kabul.reference,
      category: 'cah-persecution-gender',
      element: 'gender-ground',
      contextual: false,
      exhibit: { id: item.id, stableId: item.stableId },
      admiralty: ['B2', 'C3'],
      verification: 'partly-verified'
    }
  ])
  t.equal(chart.legend.reliability.A, 'completely reliable')
  t.equal(chart.legend.credibility['6'], 'truth cannot be judged')

  const dir = mkdtempSync(join(tmpdir(), 'sanad-pattern-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  const texts: Record<string, string> = {}
  for (const language of ['en', 'fa'] as const) {
    const asked = await legal({
      method: 'POST',
      url: `/api/v1/cases/${c.id}/dossiers`,
      payload: { language, namesReviewed: true, recipientKey: (await testRecipient()).publicKey }
    })
    t.equal(asked.statusCode, 202, asked.body)
    await app.jobs.settle()
    const id = asked.json().id
    t.equal((await legal(`/api/v1/dossiers/${id}`)).json().status, 'ready')
    const pdf = join(dir, `${language}.pdf`)
    writeFileSync(pdf, await plainPdf((await legal(`/api/v1/dossiers/${id}/pdf`)).rawPayload))
    texts[language] = execFileSync('pdftotext', [pdf, '-'], { maxBuffer: 64 * 2 ** 20 }).toString('utf8')
  }
  const en = norm(texts.en ?? '')
  const E = PATTERN_LABELS.en
  t.match(en, norm(E.contextualElements), 'the contextual elements are printed under the pattern')
  t.match(en, norm(E.attackingOrganisation))
  t.match(en, norm('De facto authorities (Taliban) — Ministry for the Propagation of Virtue'))
  t.match(en, norm(`${E.victimsBySex}3·female2,male1`), 'victims by sex')
  t.match(en, norm('adults (18–59) 1, children (under 18) 1, age not recorded 1'), 'victims by age group')
  t.match(en, norm('Balkh, Herat, Kabul'), 'three provinces')
  t.match(en, norm('2023-02-01 – 2023-11-20'), 'the period')
  for (const m of [kabul, herat, balkh]) t.match(en, m.reference ?? '', `member ${m.reference}`)
  t.match(en, norm(`Inherited from pattern ${p.reference}`), "incidents' rows are inherited")
  t.match(en, norm(policy.assessor ?? ''), "with the pattern's assessor")
  t.match(en, norm('Overridden for this incident'), 'the override is marked')
  t.match(en, norm(E.overrideReasons['knowledge-not-shown']), 'with its reason')
  t.equal(texts.en?.includes('See pattern'), false)
  t.match(en, norm(E.evidenceChart))
  t.match(en, norm('B2, C3'), 'the incident sources graded')
  t.match(en, norm(E.reliability.A), 'the admiralty legend')
  t.match(en, norm(E.credibility['6']))

  const fa = norm(texts.fa ?? '')
  const F = PATTERN_LABELS.fa
  t.match(fa, norm(F.contextualElements), 'Dari: the contextual elements')
  t.match(fa, norm(F.contextElements['widespread-or-systematic']))
  t.match(fa, norm(F.victimsBySex), 'Dari: the scale')
  t.match(fa, norm(F.organisationTypes['de-facto-authorities']))
  t.match(fa, norm('از الگوی'), 'Dari: inherited from the pattern')
  t.match(fa, norm(F.overrideReasons['knowledge-not-shown']), 'Dari: the override reason')
  t.match(fa, norm(F.evidenceChart), 'Dari: the evidence chart')
  t.match(fa, norm('درجه‌بندی ادمیرالتی'), 'Dari: the legend')
  t.match(fa, norm('کاملاً معتبر'))
  t.notMatch(
    texts.fa ?? '',
    /\b(supported|not-assessed|partly-supported|not-supported|knowledge-not-shown|de-facto-authorities|older-person|partly-verified|widespread-or-systematic)\b/,
    'no raw code in the Dari dossier'
  )
})
