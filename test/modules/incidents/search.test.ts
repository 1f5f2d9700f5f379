import t from 'tap'
import fc from 'fast-check'
import { testApp, incidentInput, asRole } from '../../helpers/app.ts'

async function seed(app: Awaited<ReturnType<typeof testApp>>, docs: Array<Record<string, unknown>>): Promise<string[]> {
  const headers = await asRole(app, 'documenter')
  const ids: string[] = []
  for (const d of docs) {
    const res = await app.inject({ headers, method: 'POST', url: '/api/v1/incidents', payload: incidentInput(d) })
    if (res.statusCode !== 201) throw new Error(res.body)
    ids.push(res.json().id)
  }
  return ids
}

t.test('filters by category, group, province, date range, victim group, perpetrator type and status', async (t) => {
  const app = await testApp(t)
  const headers = await asRole(app, 'documenter')
  const [a, b, c] = await seed(app, [
    {
      categories: ['cah-murder'],
      location: { province: 'AF-KAB' },
      occurred: { from: '2022-01-10' },
      victims: { byEthnicity: { hazara: 3 } },
      perpetrators: [{ type: 'de-facto-authorities', organ: 'gdi' }]
    },
    {
      categories: ['cah-persecution-gender'],
      location: { province: 'AF-HER' },
      occurred: { from: '2023-06-01', to: '2023-06-30' }
    },
    {
      categories: ['cah-imprisonment', 'cah-torture'],
      location: { province: 'AF-KAB' },
      occurred: { from: '2024-11-05' },
      perpetrators: [{ type: 'armed-group' }]
    }
  ])
  const submitted = await app.inject({ headers, method: 'POST', url: `/api/v1/incidents/${b}/transitions`, payload: { to: 'submitted' } })
  t.equal(submitted.statusCode, 200, submitted.body)
  const ids = async (qs: string): Promise<string[]> => {
    const res = await app.inject({ headers, url: `/api/v1/incidents?${qs}` })
    t.equal(res.statusCode, 200, `${qs}: ${res.body}`)
    const body = res.json()
    t.equal(body.total, body.items.length)
    return body.items.map((i: { id: string }) => i.id).sort()
  }
  t.same(await ids('category=cah-torture'), [c])
  t.same(await ids('group=crimes-against-humanity'), [a, b, c].sort())
  t.same(await ids('province=AF-KAB'), [a, c].sort())
  t.same(await ids('from=2023-06-15&to=2023-12-31'), [b], 'a range overlapping the window matches')
  t.same(await ids('from=2022-01-10&to=2022-01-10'), [a])
  t.same(await ids('victimGroup=hazara'), [a])
  t.same(await ids('perpetratorType=armed-group'), [c])
  t.same(await ids('status=submitted'), [b], 'the queue waiting for review')
  t.same(await ids('status=draft'), [a, c].sort())
  t.same(await ids('province=AF-KAB&category=cah-murder'), [a])
  t.same(await ids('q=&category=&province=&from=&to='), [a, b, c].sort(), 'empty filters mean no filter')
  const bad = await app.inject({ headers, url: '/api/v1/incidents?province=kabul' })
  t.equal(bad.statusCode, 400)
  t.equal((await app.inject({ headers, url: '/api/v1/incidents?colour=red' })).json().code, 'SANAD_ERR_UNKNOWN_FIELD')
})

t.test('pagination is stable: pages neither repeat nor skip items', async (t) => {
  const app = await testApp(t)
  const headers = await asRole(app, 'documenter')
  const all = await seed(
    app,
    Array.from({ length: 23 }, (_, i) => ({ occurred: { from: `2022-0${1 + (i % 3)}-01` } }))
  )
  const seen: string[] = []
  for (let offset = 0; offset < 30; offset += 5) {
    const body = (await app.inject({ headers, url: `/api/v1/incidents?limit=5&offset=${offset}` })).json()
    t.equal(body.total, 23)
    seen.push(...body.items.map((i: { id: string }) => i.id))
  }
  t.equal(seen.length, 23)
  t.same([...seen].sort(), [...all].sort())
})

t.test('full-text search covers title, narrative and place, in Dari, Pashto and English', async (t) => {
  const app = await testApp(t)
  const headers = await asRole(app, 'documenter')
  const [dari, pashto, english] = await seed(app, [
    { title: 'کشتار در جاغوری', narrative: 'نیروهای طالبان ۹ نفر از ساکنان هزاره را کشتند.', narrativeLanguage: 'fa' },
    {
      title: 'د کور ځای نیول',
      narrative: 'د کلي خلک له خپلو کورونو وشړل شول.',
      narrativeLanguage: 'ps',
      location: { province: 'AF-URU', place: 'Gizab' }
    },
    { title: 'Detention of a journalist', narrative: 'The reporter was held for 40 days without charge.' }
  ])
  const find = async (q: string): Promise<string[]> =>
    (await app.inject({ headers, url: `/api/v1/incidents?q=${encodeURIComponent(q)}` })).json().items.map((i: { id: string }) => i.id)
  t.same(await find('هزاره'), [dari])
  t.same(await find('کورونو'), [pashto])
  t.same(await find('gizab'), [pashto], 'place is searched')
  t.same(await find('JOURNALIST'), [english], 'case-insensitive')
  t.same(await find('uruzgan'), [pashto], 'province names are searched')
  t.same(await find('"unbalanced quote ('), [], 'FTS syntax in user input is harmless')
})

t.test('search is insensitive to Arabic/Persian letter variants, diacritics, tatweel, ZWNJ and digits (property)', async (t) => {
  const app = await testApp(t)
  const headers = await asRole(app, 'documenter')
  const words = ['کشتار', 'یکی', 'کودکان', 'زندانی', 'شکنجه', 'ولایت', 'میکنند', '۱۴۰۲']
  const [id] = await seed(app, [{ title: 'گزارش', narrative: words.join(' '), narrativeLanguage: 'fa' }])
  // Each Persian letter may arrive as its Arabic twin, with harakat or tatweel, and digits in any script.
  const variant = (word: string) =>
    fc.array(fc.boolean(), { minLength: word.length * 3, maxLength: word.length * 3 }).map((coins) => {
      let out = ''
      ;[...word].forEach((ch, i) => {
        let c = ch
        if (coins[i * 3] === true) c = ({ ی: 'ي', ک: 'ك', '۱': '1', '۴': '٤', '۰': '٠', '۲': '2' } as Record<string, string>)[ch] ?? ch
        if (coins[i * 3 + 1] === true && i < word.length - 1) c += '\u0640'
        if (coins[i * 3 + 2] === true && /[\u0600-\u06FF]/.test(ch) && !/[۰-۹]/.test(ch)) c += '\u064E'
        out += c
      })
      return out
    })
  await fc.assert(
    fc.asyncProperty(fc.constantFrom(...words).chain(variant), async (q) => {
      const body = (await app.inject({ headers, url: `/api/v1/incidents?q=${encodeURIComponent(q)}` })).json()
      return body.items.length === 1 && body.items[0].id === id
    }),
    { numRuns: 150 }
  )
  const zwnj = (await app.inject({ headers, url: `/api/v1/incidents?q=${encodeURIComponent('می\u200Cکنند')}` })).json()
  t.equal(zwnj.items.length, 1, 'a query typed with ZWNJ finds the word stored without it')
})

t.test('GET /stats counts incidents by category × province × month', async (t) => {
  const app = await testApp(t)
  const headers = await asRole(app, 'documenter')
  await seed(app, [
    { categories: ['cah-murder', 'cah-persecution-ethnic'], location: { province: 'AF-GHA' }, occurred: { from: '2022-03-14' } },
    { categories: ['cah-murder'], location: { province: 'AF-GHA' }, occurred: { from: '2022-03-20' } },
    { categories: ['cah-imprisonment'], location: { province: 'AF-KAB' }, occurred: { from: '2023-01-02' } }
  ])
  const stats = (await app.inject({ headers, url: '/api/v1/stats' })).json()
  t.equal(stats.total, 3)
  t.same(stats.byProvince, { 'AF-GHA': 2, 'AF-KAB': 1 })
  t.same(stats.byMonth, { '2022-03': 2, '2023-01': 1 })
  t.equal(stats.byCategory['cah-murder'], 2)
  t.same(
    stats.cells.find((c: { category: string }) => c.category === 'cah-murder'),
    { category: 'cah-murder', province: 'AF-GHA', month: '2022-03', count: 2 }
  )
})

t.test('a very common search term pages in date order and reports a capped total', async (t) => {
  const app = await testApp(t)
  const { incidentService } = await import('../../../server/modules/incidents/service.ts')
  const service = incidentService({ db: app.db, sqlite: app.sqlite, ledger: app.ledger })
  app.sqlite.transaction(() => {
    for (let i = 0; i < 2100; i++) {
      service.create(
        incidentInput({
          narrative: `common word and number ${i}`,
          occurred: { from: `20${10 + (i % 14)}-0${1 + (i % 9)}-1${i % 10}` }
        }) as never,
        'user:test'
      )
    }
  })()
  const h = await asRole(app, 'documenter')
  const seen: Array<{ id: string; from: string }> = []
  for (let offset = 0; offset < 150; offset += 50) {
    const body = (await app.inject({ url: `/api/v1/incidents?q=common&limit=50&offset=${offset}`, headers: h })).json()
    t.equal(body.total, 1000)
    t.equal(body.totalCapped, true)
    seen.push(...body.items.map((i: { id: string; occurred: { from: string } }) => ({ id: i.id, from: i.occurred.from })))
  }
  t.equal(new Set(seen.map((s) => s.id)).size, 150, 'no repeats across pages')
  t.same(
    seen.map((s) => s.from),
    [...seen.map((s) => s.from)].sort().reverse(),
    'newest first'
  )
  const rare = (await app.inject({ url: '/api/v1/incidents?q=2077', headers: h })).json()
  t.equal(rare.total, 1)
})
