import { join } from 'node:path'
import { openDatabase, databaseFile } from '../../server/db/open.ts'
import { incidentService } from '../../server/modules/incidents/service.ts'
import { ledgerService } from '../../server/ledger/service.ts'
import { loadLedgerSigner } from '../../server/keys/key-files.ts'
import { PROVINCES } from '../../server/lib/context/afghan-context.ts'
import type { IncidentInput } from '../../server/types/schemas.ts'
import { type Figure, authenticate, percentile, startServer } from './harness.ts'

const DARI =
  'نیروهای طالبان شب هنگام وارد خانه شدند و مرد جوان را با خود بردند خانواده او تا کنون از سرنوشتش خبر ندارد شاهدان گفتند که افراد مسلح با موتر آمدند و همسایه‌ها را تهدید کردند زنان اجازه نداشتند از خانه بیرون شوند مکتب دختران بسته شد'.split(
    ' '
  )
const PASHTO =
  'وسله والو کسانو د شپې کور ته ننوتل او ځوان سړی یې له ځانه سره بوت کورنۍ یې تر اوسه د هغه له برخلیک څخه خبر نه ده شاهدانو وویل چې وسله وال په موټرو کې راغلل'.split(
    ' '
  )
const ENGLISH =
  'armed men entered the house at night and took the young man away his family has had no news of him since witnesses said the men arrived in vehicles and threatened the neighbours women were not allowed to leave the house the girls school was closed'.split(
    ' '
  )
const CATEGORIES = [
  'cah-murder',
  'cah-imprisonment',
  'cah-torture',
  'cah-persecution-gender',
  'cah-persecution-ethnic',
  'cah-persecution-religious',
  'cah-enforced-disappearance',
  'cah-deportation-forcible-transfer',
  'hr-land-property-seizure'
]
export const RARE = 'زرنگارستان'

function words(pool: string[], n: number, seed: number): string {
  const out: string[] = []
  for (let i = 0; i < n; i++) out.push(pool[(seed * 7919 + i * 104729) % pool.length]!)
  return out.join(' ')
}

export function generatedIncident(i: number): IncidentInput {
  const lang = i % 3
  const pool = lang === 0 ? DARI : lang === 1 ? PASHTO : ENGLISH
  let narrative = words(pool, 60, i)
  if (i % 10000 === 7) narrative += ` ${RARE}`
  const day = new Date(Date.UTC(2021, 7, 15) + (i % 1500) * 86400000).toISOString().slice(0, 10)
  return {
    title: `${words(pool, 5, i + 1)} ${i}`,
    narrative,
    narrativeLanguage: ['fa', 'ps', 'en'][lang]!,
    occurred: { from: day },
    location: { province: PROVINCES[i % PROVINCES.length]!.code, district: `district ${i % 17}` },
    categories: [CATEGORIES[i % CATEGORIES.length]!],
    victims: { count: 1 + (i % 5), byEthnicity: { [i % 4 === 0 ? 'hazara' : 'tajik']: 1 } },
    perpetrators: [{ type: 'de-facto-authorities', organ: i % 2 === 0 ? 'gdi' : 'police' }]
  }
}

export async function benchRegistry(work: string, count: number, log: (s: string) => void): Promise<Figure[]> {
  const dataDir = join(work, 'registry-data')
  const { sqlite, db } = openDatabase(databaseFile(dataDir))
  const ledger = ledgerService({ sqlite, signer: loadLedgerSigner(dataDir, 'bench/ledger'), origin: 'bench/ledger' })
  const incidents = incidentService({ db, sqlite, ledger })
  const single = 300
  const t0 = process.hrtime.bigint()
  for (let i = 0; i < single; i++) incidents.create(generatedIncident(i), 'user:bench')
  const singleRate = single / (Number(process.hrtime.bigint() - t0) / 1e9)
  log(`registry: inserting ${count} incidents (Dari, Pashto, English)`)
  const batch = sqlite.transaction((from: number, to: number) => {
    for (let i = from; i < to; i++) incidents.create(generatedIncident(i), 'user:bench')
  })
  const t1 = process.hrtime.bigint()
  for (let i = single; i < count; i += 1000) batch(i, Math.min(count, i + 1000))
  const batchRate = (count - single) / (Number(process.hrtime.bigint() - t1) / 1e9)
  sqlite.close()

  const password = 'Quiet-river-passphrase-4821'
  const server = await startServer(dataDir, { SANAD_ADMIN_PASSWORD: password, SANAD_LEDGER_ORIGIN: 'bench/ledger' })
  try {
    const headers = await authenticate(server.url, password)
    const measure = async (query: string, runs = 150): Promise<{ p50: number; p95: number; total: number }> => {
      const times: number[] = []
      let total = 0
      for (let i = 0; i < runs; i++) {
        const start = process.hrtime.bigint()
        const res = await fetch(`${server.url}/api/v1/incidents?${query}`, { headers })
        const body = (await res.json()) as { total: number }
        times.push(Number(process.hrtime.bigint() - start) / 1e6)
        if (!res.ok) throw new Error(`${query}: ${res.status} ${JSON.stringify(body)}`)
        total = body.total
      }
      return { p50: percentile(times, 50), p95: percentile(times, 95), total }
    }
    log('registry: measuring queries')
    const filtered = await measure('province=AF-KAB&category=cah-murder&from=2022-01-01&to=2023-12-31&limit=50')
    const rare = await measure(`q=${encodeURIComponent(RARE)}&limit=50`)
    const common = await measure(`q=${encodeURIComponent('طالبان')}&limit=50`)
    const row = (name: string, m: { p50: number; p95: number; total: number }, target: number): Figure => ({
      section: 'registry',
      name: `${name} p95 (p50 ${m.p50.toFixed(1)} ms, ${m.total} matches)`,
      value: m.p95,
      unit: 'ms',
      target: `≤ ${target} ms`,
      met: m.p95 <= target
    })
    return [
      { section: 'registry', name: 'insert, one transaction each', value: singleRate, unit: 'incidents/s' },
      {
        section: 'registry',
        name: `insert, 1000 per transaction, to ${count.toLocaleString('en')}`,
        value: batchRate,
        unit: 'incidents/s'
      },
      row('filtered list', filtered, 50),
      row('full text, rare term', rare, 50),
      row('full text, common term', common, 200)
    ]
  } finally {
    await server.stop()
  }
}
