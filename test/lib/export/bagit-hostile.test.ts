import t from 'tap'
import { randomBytes } from 'node:crypto'
import { writeFileSync } from 'node:fs'
import { open } from 'node:fs/promises'
import { join } from 'node:path'
import { zipSync } from 'fflate'
import { BAG_ERRORS, readBag, readZipEntries, readZipEntry, validateBag, zipNameProblem } from '../../../server/lib/export/bagit.ts'
import { buildHostileZip, hostileCases } from '../../fixtures/hostile-zip/build.ts'

const cases = hostileCases()

/** Reads every entry of a ZIP to its end, as a tool that trusted the directory would. */
async function readEverything(zipPath: string): Promise<number> {
  const fh = await open(zipPath, 'r')
  let bytes = 0
  try {
    for (const entry of await readZipEntries(fh)) for await (const chunk of readZipEntry(fh, entry)) bytes += chunk.length
  } finally {
    await fh.close()
  }
  return bytes
}

t.test("every hostile ZIP case is refused by the server's own ZIP reading, in under a second", async (t) => {
  t.ok(cases.length >= 20, `${cases.length} attack cases`)
  const dir = t.testdir()
  for (const c of cases) {
    t.test(c.attack, async (t) => {
      const zipPath = join(dir, `${c.attack}.zip`)
      const bytes = buildHostileZip(c.zip)
      t.ok(bytes.length < 512 * 1024, `the crafted ZIP is small (${bytes.length} bytes)`)
      writeFileSync(zipPath, bytes)
      const started = performance.now()
      const result = await validateBag(zipPath)
      const expect = c.expect.bag
      t.equal(result.valid, false, 'not a valid bag')
      if (expect.unsafe) {
        t.equal(result.unsafe, true, 'refused as unsafe')
        t.equal(result.problems.length, 1, 'and nothing else was read')
        t.ok(
          result.problems[0]?.includes(expect.messageIncludes),
          `${JSON.stringify(result.problems[0])} includes ${JSON.stringify(expect.messageIncludes)}`
        )
        // Read directly, entry by entry, it is refused the same way (readBag stops at its tag files).
        await t.rejects(readEverything(zipPath), { code: BAG_ERRORS.unsafe }, 'reading every entry is refused')
      } else {
        t.notOk(result.unsafe, 'not refused as unsafe')
        t.ok(
          result.problems.some((p) => p.includes(expect.problemIncludes)),
          `problems include ${JSON.stringify(expect.problemIncludes)}: ${JSON.stringify(result.problems)}`
        )
        await t.resolves(readBag(zipPath), 'its structure can be read')
      }
      const elapsed = performance.now() - started
      t.ok(elapsed < 1000, `done in ${Math.round(elapsed)} ms`)
    })
  }
})

t.test('entry names must be safe relative paths of at most 4,096 bytes', async (t) => {
  const table: Array<[string, string | null]> = [
    ['bag/data/exhibits/E1-عکس.jpg', null],
    ['bag/', null],
    ['../x', 'has an empty, "." or ".." segment'],
    ['bag/./x', 'has an empty, "." or ".." segment'],
    ['bag//x', 'has an empty, "." or ".." segment'],
    ['/x', 'is absolute'],
    ['c:x', 'is absolute'],
    ['bag\\x', 'contains a backslash'],
    ['bag/x\u0000', 'contains a control character'],
    ['bag/x\n', 'contains a control character'],
    ['', 'is empty']
  ]
  for (const [name, expected] of table) t.equal(zipNameProblem(name, Buffer.byteLength(name)), expected, JSON.stringify(name))
  t.match(zipNameProblem('a'.repeat(4097), 4097), /4097 bytes long/)
})

t.test('a deflated entry that inflates to less than its declared size fails its CRC check, not the reader', async (t) => {
  const dir = t.testdir()
  const zipPath = join(dir, 'short.zip')
  writeFileSync(zipPath, buildHostileZip({ entries: [{ name: 'bag/data/a.txt', text: 'hello', method: 'deflate', declaredSize: 1000 }] }))
  const result = await validateBag(zipPath)
  t.notOk(result.unsafe)
  t.ok(
    result.problems.some((p) => p.includes('damaged ZIP entry: data/a.txt')),
    JSON.stringify(result.problems)
  )
})

t.test('deflated bags made by other tools are still read, with data after the deflate stream ignored', async (t) => {
  const dir = t.testdir()
  const text = 'BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n'
  const zipPath = join(dir, 'deflated.zip')
  writeFileSync(
    zipPath,
    zipSync(
      { 'bag/bagit.txt': Buffer.from(text), 'bag/data/big.txt': Buffer.from(randomBytes(2.5 * 1024 * 1024).toString('hex')) },
      { level: 9 }
    )
  )
  const fh = await open(zipPath, 'r')
  try {
    const entries = await readZipEntries(fh)
    const big = entries.find((e) => e.name === 'bag/data/big.txt')!
    t.equal(big.method, 8)
    let n = 0
    for await (const c of readZipEntry(fh, big)) n += c.length
    t.equal(n, 5 * 1024 * 1024, 'a 5 MiB entry (text, about 2:1) inflates whole')
  } finally {
    await fh.close()
  }
  // The deflate stream ends before the entry's compressed bytes do (junk after it): the entry still reads.
  const padded = join(dir, 'padded.zip')
  writeFileSync(
    padded,
    buildHostileZip({ entries: [{ name: 'bag/data/a.txt', text: 'hello', method: 'deflate', trailingHex: '00'.repeat(100_000) }] })
  )
  t.equal(await readEverything(padded), 5)
})
