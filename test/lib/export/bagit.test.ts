import t from 'tap'
import { execFile, spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { readFileSync, writeFileSync, existsSync, readdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { unzipSync, zipSync, type Zippable } from 'fflate'
import {
  BAG_ERRORS,
  decodeManifestPath,
  encodeManifestPath,
  humanSize,
  readBag,
  validateBag,
  writeBag,
  type BagPayloadFile
} from '../../../server/lib/export/bagit.ts'
import { requireTool, toolPresent } from '../../helpers/system-tools.ts'

const run = promisify(execFile)
const CHECKER = new URL('../../fixtures/bagit-check.py', import.meta.url).pathname

const BAGGING_DATE = new Date('2025-03-21T09:30:00.000Z')
const DARI_NAME = 'exhibits/E2-عکس بازداشت.jpg'

/** Runs the independent Python validator; returns its exit code and output lines. */
async function pythonCheck(zip: string): Promise<{ code: number; lines: string[] }> {
  try {
    const { stdout } = await run('python3', [CHECKER, zip])
    return { code: 0, lines: stdout.trim().split('\n') }
  } catch (err) {
    const e = err as { code: number; stdout: string }
    return { code: e.code, lines: e.stdout.trim().split('\n') }
  }
}

function payload(dir: string): BagPayloadFile[] {
  const big = Buffer.alloc(3 * 1024 * 1024 + 17)
  for (let i = 0; i < big.length; i++) big[i] = (i * 31 + (i >> 9)) & 0xff
  writeFileSync(join(dir, 'video.mp4'), big)
  writeFileSync(join(dir, 'photo.jpg'), readFileSync(new URL('../../fixtures/evidence/kabul-phone.jpg', import.meta.url)))
  writeFileSync(join(dir, 'empty.txt'), '')
  return [
    { path: 'exhibits/E1-video.mp4', source: join(dir, 'video.mp4') },
    { path: DARI_NAME, source: join(dir, 'photo.jpg') },
    { path: 'exhibits/100% certain.txt', source: Buffer.from('percent in a file name\n') },
    { path: 'exhibits/empty.txt', source: join(dir, 'empty.txt') },
    { path: 'manifest.json', source: Buffer.from('{"format":"sanad-manifest/1"}') }
  ]
}

const info = {
  sourceOrganization: 'Sanad',
  externalIdentifier: 'SANAD-2025-0007',
  internalSenderDescription: 'Evidence package for the Office of the Prosecutor\n(restricted profile)',
  other: [['Bag-Software-Agent', 'sanad 0.1.0'] as [string, string]]
}

t.test('a bag with a Dari file name is valid for both validators', async (t) => {
  const dir = t.testdir()
  const zipPath = join(dir, 'bag.zip')
  const files = payload(dir)
  const summary = await writeBag({ zipPath, name: 'SANAD-2025-0007-package', files, info, baggingDate: BAGGING_DATE })
  const total = 3 * 1024 * 1024 + 17 + readFileSync(join(dir, 'photo.jpg')).length + 23 + 0 + 29
  t.equal(summary.payloadOxum, `${total}.5`)
  t.equal(summary.zipSha256, createHash('sha256').update(readFileSync(zipPath)).digest('hex'))
  t.same(
    readdirSync(dir).filter((f) => f.includes('partial')),
    [],
    'no temporary file left'
  )
  const photo = summary.files.find((f) => f.path === `data/${DARI_NAME}`)!
  t.equal(
    photo.sha256,
    createHash('sha256')
      .update(readFileSync(join(dir, 'photo.jpg')))
      .digest('hex')
  )

  const result = await validateBag(zipPath)
  t.same(result.problems, [])
  t.ok(result.valid)
  t.equal(result.payloadFiles, 5)
  t.same(result.algorithms.sort(), ['sha256', 'sha512'])

  const bag = await readBag(zipPath)
  t.equal(bag.name, 'SANAD-2025-0007-package')
  t.equal(bag.version, '1.0')
  t.same(bag.info, [
    ['Source-Organization', 'Sanad'],
    ['Bagging-Date', '2025-03-21'],
    ['External-Identifier', 'SANAD-2025-0007'],
    ['Bag-Size', humanSize(total)],
    ['Payload-Oxum', `${total}.5`],
    ['Internal-Sender-Description', 'Evidence package for the Office of the Prosecutor (restricted profile)'],
    ['Bag-Software-Agent', 'sanad 0.1.0']
  ])
  t.same(
    [...bag.files.keys()],
    [
      'bagit.txt',
      'data/exhibits/E1-video.mp4',
      `data/${DARI_NAME}`,
      'data/exhibits/100% certain.txt',
      'data/exhibits/empty.txt',
      'data/manifest.json',
      'manifest-sha256.txt',
      'manifest-sha512.txt',
      'bag-info.txt',
      'tagmanifest-sha256.txt',
      'tagmanifest-sha512.txt'
    ]
  )
  const entries = unzipSync(readFileSync(zipPath))
  t.equal(Buffer.from(entries['SANAD-2025-0007-package/bagit.txt']!).toString(), 'BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n')
  const manifest = Buffer.from(entries['SANAD-2025-0007-package/manifest-sha256.txt']!).toString()
  t.match(manifest, /^[0-9a-f]{64} data\/exhibits\/100%25 certain\.txt$/m, '% is percent-encoded')
  t.match(manifest, new RegExp(`^${photo.sha256} data/${DARI_NAME}$`, 'm'), 'UTF-8 path as is')
  const tagManifest = Buffer.from(entries['SANAD-2025-0007-package/tagmanifest-sha256.txt']!).toString()
  t.same(
    tagManifest
      .trim()
      .split('\n')
      .map((l) => l.split(' ')[1]),
    ['bagit.txt', 'manifest-sha256.txt', 'manifest-sha512.txt', 'bag-info.txt']
  )

  if (toolPresent(t, 'python3')) {
    const py = await pythonCheck(zipPath)
    t.equal(py.code, 0, 'the Python validator accepts the bag')
    t.same(py.lines, [`valid: SANAD-2025-0007-package: 5 payload files, ${total} octets`])
  }
})

t.test('the same files and date give the same ZIP bytes', async (t) => {
  const dir = t.testdir()
  const files = payload(dir)
  const a = await writeBag({ zipPath: join(dir, 'a.zip'), name: 'bag', files, info, baggingDate: BAGGING_DATE })
  const b = await writeBag({ zipPath: join(dir, 'b.zip'), name: 'bag', files, info, baggingDate: BAGGING_DATE })
  t.equal(a.zipSha256, b.zipSha256)
  t.ok(readFileSync(join(dir, 'a.zip')).equals(readFileSync(join(dir, 'b.zip'))))
})

t.test('with an encoding for storage, the file holds the encoded ZIP while the summary hashes the ZIP itself', async (t) => {
  const { sealingKey, sealStream, openBytes } = await import('../../../server/lib/crypto/sealed-stream.ts')
  const key = sealingKey(Buffer.alloc(32, 3))
  const dir = t.testdir()
  const files = payload(dir)
  const plain = await writeBag({ zipPath: join(dir, 'plain.zip'), name: 'bag', files, info, baggingDate: BAGGING_DATE })
  const sealed = await writeBag({
    zipPath: join(dir, 'sealed.zip'),
    name: 'bag',
    files,
    info,
    baggingDate: BAGGING_DATE,
    encode: () => sealStream(key, 'bag')
  })
  t.equal(sealed.zipSha256, plain.zipSha256, 'the hash is of the ZIP, not of what is stored')
  t.equal(sealed.zipSize, plain.zipSize)
  const stored = readFileSync(join(dir, 'sealed.zip'))
  t.not(stored.subarray(0, 4).toString('hex'), '504b0304', 'no ZIP signature on disk')
  t.ok((await openBytes(key, 'bag', stored)).equals(readFileSync(join(dir, 'plain.zip'))), 'opened, it is the very same ZIP')
})

async function makeBag(dir: string): Promise<{ dir: string; zipPath: string }> {
  const zipPath = join(dir, 'bag.zip')
  await writeBag({ zipPath, name: 'bag', files: payload(dir), info, baggingDate: BAGGING_DATE })
  return { dir, zipPath }
}

/** Rewrites the bag ZIP with fflate (in memory) after `edit` changed its entries. */
function rezip(zipPath: string, out: string, edit: (entries: Record<string, Uint8Array>) => void): void {
  const entries = unzipSync(readFileSync(zipPath))
  edit(entries)
  const zippable: Zippable = {}
  for (const [k, v] of Object.entries(entries)) zippable[k] = [v, { level: 0 }]
  writeFileSync(out, zipSync(zippable))
}

t.test('one altered payload byte is named by both validators', async (t) => {
  const { zipPath } = await makeBag(t.testdir())
  // Flip a byte inside the stored Dari-named JPEG, in place.
  const zip = readFileSync(zipPath)
  const jpeg = readFileSync(new URL('../../fixtures/evidence/kabul-phone.jpg', import.meta.url))
  const at = zip.indexOf(jpeg.subarray(0, 64))
  t.ok(at > 0, 'found the stored bytes')
  zip[at + 5000]! ^= 0xff
  writeFileSync(zipPath, zip)
  const result = await validateBag(zipPath)
  t.notOk(result.valid)
  t.same(result.problems.length, 3, 'the ZIP CRC and both manifests')
  t.equal(result.problems[0], `damaged ZIP entry: data/${DARI_NAME} does not match the CRC-32 and size recorded in the ZIP directory`)
  t.match(
    result.problems[1],
    new RegExp(`^checksum mismatch: data/${DARI_NAME} has sha256 [0-9a-f]{64}, manifest-sha256.txt records [0-9a-f]{64}$`)
  )
  t.match(result.problems[2], new RegExp(`^checksum mismatch: data/${DARI_NAME} has sha512`))
  if (toolPresent(t, 'python3')) {
    const py = await pythonCheck(zipPath)
    t.equal(py.code, 1)
    t.ok(
      py.lines.some((l) => l.startsWith(`problem: data/${DARI_NAME}: damaged in the archive (Bad CRC-32`)),
      'the Python validator names the problem'
    )
  }
})

t.test('a missing payload file is named', async (t) => {
  const { dir, zipPath } = await makeBag(t.testdir())
  const out = join(dir, 'missing.zip')
  rezip(zipPath, out, (e) => delete e['bag/data/exhibits/E1-video.mp4'])
  const result = await validateBag(out)
  t.notOk(result.valid)
  t.same(
    result.problems.filter((p) => p.startsWith('missing file')),
    [
      'missing file: data/exhibits/E1-video.mp4 is listed in manifest-sha256.txt but not in the bag',
      'missing file: data/exhibits/E1-video.mp4 is listed in manifest-sha512.txt but not in the bag'
    ]
  )
  t.ok(result.problems.some((p) => /^bag-info\.txt: Payload-Oxum is \d+\.5 but the payload holds \d+\.4$/.test(p)))
  if (toolPresent(t, 'python3')) {
    const py = await pythonCheck(out)
    t.equal(py.code, 1)
    t.ok(
      py.lines.includes('problem: missing payload file data/exhibits/E1-video.mp4 (manifest-sha256.txt)'),
      'the Python validator names the problem'
    )
  }
})

t.test('an extra payload file is named', async (t) => {
  const { dir, zipPath } = await makeBag(t.testdir())
  const out = join(dir, 'extra.zip')
  rezip(zipPath, out, (e) => (e['bag/data/extra.txt'] = Buffer.from('smuggled')))
  const result = await validateBag(out)
  t.notOk(result.valid)
  t.ok(result.problems.includes('extra file: data/extra.txt is in the bag but not listed in manifest-sha256.txt'))
  t.ok(result.problems.includes('extra file: data/extra.txt is in the bag but not listed in manifest-sha512.txt'))
  if (toolPresent(t, 'python3')) {
    const py = await pythonCheck(out)
    t.equal(py.code, 1)
    t.ok(py.lines.includes('problem: payload file data/extra.txt is not in manifest-sha256.txt'), 'the Python validator names the problem')
  }
})

t.test('an edited tag file fails its tag manifest', async (t) => {
  const { dir, zipPath } = await makeBag(t.testdir())
  const out = join(dir, 'tag.zip')
  rezip(zipPath, out, (e) => {
    e['bag/bag-info.txt'] = Buffer.from(Buffer.from(e['bag/bag-info.txt']!).toString().replace('Sanad', 'Someone else'))
  })
  const result = await validateBag(out)
  t.same(result.problems.length, 2)
  t.match(result.problems[0], /^checksum mismatch: tag file bag-info\.txt has sha256/)
})

t.test('bags written by another tool with ZIP64 and deflate are read', async (t) => {
  if (!requireTool(t, 'python3')) return
  const { dir, zipPath } = await makeBag(t.testdir())
  const out = join(dir, 'zip64.zip')
  const script = [
    'import sys, zipfile',
    'src, dst = sys.argv[1], sys.argv[2]',
    'with zipfile.ZipFile(src) as a, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as b:',
    '    for i in a.infolist():',
    '        with a.open(i) as r, b.open(zipfile.ZipInfo(i.filename, i.date_time), "w", force_zip64=True) as w:',
    '            w.write(r.read())'
  ].join('\n')
  await run('python3', ['-c', script, zipPath, out])
  const result = await validateBag(out)
  t.same(result.problems, [])
  t.equal(result.payloadFiles, 5)
})

t.test('not a ZIP, or not a bag, is reported without throwing', async (t) => {
  const dir = t.testdir({ 'junk.zip': 'not a zip at all', 'plain.zip': '' })
  const junk = await validateBag(join(dir, 'junk.zip'))
  t.notOk(junk.valid)
  t.match(junk.problems[0], /^not a readable ZIP: no end of central directory record/)
  const out = join(dir, 'nobag.zip')
  writeFileSync(out, zipSync({ 'x/readme.txt': Buffer.from('hello') }))
  const nobag = await validateBag(out)
  t.same(nobag.problems, ['bagit.txt is missing', 'no payload manifest (manifest-<algorithm>.txt)'])
  const missing = await validateBag(join(dir, 'nothing.zip'))
  t.match(missing.problems[0], /^cannot open /)
})

t.test('writeBag refuses unsafe paths and duplicates', async (t) => {
  const dir = t.testdir()
  const zipPath = join(dir, 'bag.zip')
  const bytes = Buffer.from('x')
  const attempt = (files: BagPayloadFile[], name = 'bag'): Promise<unknown> =>
    writeBag({ zipPath, name, files, info, baggingDate: BAGGING_DATE })
  await t.rejects(attempt([{ path: '../escape.txt', source: bytes }]), {
    code: BAG_ERRORS.invalidInput,
    message: /has an empty, "\." or "\.\." segment/
  })
  await t.rejects(attempt([{ path: '/abs.txt', source: bytes }]), { code: BAG_ERRORS.invalidInput })
  await t.rejects(
    attempt([
      { path: 'a.txt', source: bytes },
      { path: 'a.txt', source: bytes }
    ]),
    { code: BAG_ERRORS.invalidInput, message: /given twice/ }
  )
  await t.rejects(attempt([], 'a/b'), { code: BAG_ERRORS.invalidInput })
  t.notOk(existsSync(zipPath))
})

t.test('a bag in ZIP64 form (what a package over 4 GiB needs) is valid for both validators and for unzip', async (t) => {
  // Forced on small files: the structures are the same as for a 5 GiB video, without writing one.
  const dir = t.testdir()
  const zipPath = join(dir, 'bag64.zip')
  const files = payload(dir)
  const summary = await writeBag({ zipPath, name: 'bag64', files, info, baggingDate: BAGGING_DATE, forceZip64: true })
  const bytes = readFileSync(zipPath)
  t.ok(bytes.includes(Buffer.from([0x50, 0x4b, 0x06, 0x06])), 'it has a ZIP64 end of central directory record')
  t.ok(bytes.includes(Buffer.from([0x50, 0x4b, 0x06, 0x07])), 'and its locator')
  const result = await validateBag(zipPath)
  t.same(result.problems, [])
  t.equal(result.payloadFiles, 5)
  t.equal(summary.zipSize, bytes.length)
  if (toolPresent(t, 'python3')) {
    const py = await pythonCheck(zipPath)
    t.equal(py.code, 0, `the Python validator accepts it: ${py.lines.join(' | ')}`)
  }
  if (toolPresent(t, 'unzip')) {
    const r = spawnSync('unzip', ['-t', zipPath], { encoding: 'utf8' })
    t.equal(r.status, 0, r.stdout + r.stderr)
    t.match(r.stdout, /No errors detected/)
  }
  // Without forcing, a small bag stays classic ZIP, which every tool opens.
  await writeBag({ zipPath: join(dir, 'classic.zip'), name: 'bag64', files, info, baggingDate: BAGGING_DATE })
  t.notOk(readFileSync(join(dir, 'classic.zip')).includes(Buffer.from([0x50, 0x4b, 0x06, 0x06])), 'no ZIP64 record when nothing needs it')
})

t.test('a payload file that grows while it is bagged fails the bag and leaves nothing', async (t) => {
  const dir = t.testdir()
  const zipPath = join(dir, 'bag.zip')
  const source = join(dir, 'growing.bin')
  writeFileSync(source, Buffer.alloc(3 * 1024 * 1024, 1))
  let grown = false
  const attempt = writeBag({
    zipPath,
    name: 'bag',
    info,
    baggingDate: BAGGING_DATE,
    files: [{ path: 'growing.bin', source }],
    onProgress: () => {
      if (!grown) {
        grown = true
        writeFileSync(source, Buffer.alloc(4 * 1024 * 1024, 2))
      }
    }
  })
  await t.rejects(attempt, { code: BAG_ERRORS.fileChanged, message: /payload file growing\.bin changed while it was bagged/ })
  t.notOk(existsSync(zipPath))
  t.same(
    readdirSync(dir).filter((f) => f.includes('partial')),
    [],
    'no temporary file left'
  )
})

t.test('manifest paths encode CR, LF and % only', async (t) => {
  t.equal(encodeManifestPath('a%b\r\nc/عکس.jpg'), 'a%25b%0D%0Ac/عکس.jpg')
  t.equal(decodeManifestPath('a%25b%0d%0Ac/%41'), 'a%b\r\nc/%41')
})

t.test('a payload file that is gone when its turn comes fails the bag and leaves nothing', async (t) => {
  const dir = t.testdir()
  const zipPath = join(dir, 'bag.zip')
  const first = join(dir, 'first.bin')
  const gone = join(dir, 'gone.bin')
  writeFileSync(first, Buffer.alloc(2 * 1024 * 1024, 1))
  writeFileSync(gone, 'soon deleted')
  let deleted = false
  const attempt = writeBag({
    zipPath,
    name: 'bag',
    info,
    baggingDate: BAGGING_DATE,
    files: [
      { path: 'first.bin', source: first },
      { path: 'gone.bin', source: gone }
    ],
    onProgress: () => {
      if (!deleted) {
        deleted = true
        rmSync(gone)
      }
    }
  })
  await t.rejects(attempt, { code: 'ENOENT' })
  t.notOk(existsSync(zipPath))
  t.same(
    readdirSync(dir).filter((f) => f.includes('partial')),
    [],
    'no temporary file left'
  )
})

/** Open file descriptors of this process (Linux). */
const openFiles = (): number => readdirSync('/proc/self/fd').length

t.test('a failing progress listener fails the bag instead of the process, and no payload file stays open', async (t) => {
  const dir = t.testdir()
  const zipPath = join(dir, 'bag.zip')
  const source = join(dir, 'video.bin')
  writeFileSync(source, Buffer.alloc(3 * 1024 * 1024, 7))
  const before = openFiles()
  const attempt = writeBag({
    zipPath,
    name: 'bag',
    info,
    baggingDate: BAGGING_DATE,
    files: [{ path: 'video.bin', source }],
    onProgress: () => {
      throw new Error('SQLITE_FULL: database or disk is full')
    }
  })
  await t.rejects(attempt, { message: /SQLITE_FULL/ })
  await new Promise((resolve) => setTimeout(resolve, 50))
  t.equal(openFiles(), before, 'every descriptor opened for the bag is closed')
  t.same(
    readdirSync(dir).filter((f) => f.includes('partial')),
    [],
    'no temporary file left'
  )

  // The same for a file that grows while it is read.
  let grown = false
  const growing = writeBag({
    zipPath,
    name: 'bag',
    info,
    baggingDate: BAGGING_DATE,
    files: [{ path: 'video.bin', source }],
    onProgress: () => {
      if (!grown) {
        grown = true
        writeFileSync(source, Buffer.alloc(5 * 1024 * 1024, 8))
      }
    }
  })
  await t.rejects(growing, { code: BAG_ERRORS.fileChanged })
  await new Promise((resolve) => setTimeout(resolve, 50))
  t.equal(openFiles(), before, 'the grown file is closed too')
})

t.test('names a ZIP cannot hold are refused before anything is written', async (t) => {
  const dir = t.testdir()
  const zipPath = join(dir, 'bag.zip')
  const attempt = (name: string, path: string): Promise<unknown> =>
    writeBag({ zipPath, name, files: [{ path, source: Buffer.from('x') }], info, baggingDate: BAGGING_DATE })
  await t.rejects(attempt('C:bag', 'a.txt'), { code: BAG_ERRORS.invalidInput, message: /drive letter/ })
  // Each within the 60,000 bytes a path may have, together over the 65,535 of a ZIP entry name.
  await t.rejects(attempt('n'.repeat(30_000), `${'a'.repeat(20_000)}/${'b'.repeat(20_000)}.txt`), {
    code: BAG_ERRORS.invalidInput,
    message: /too long for a ZIP entry name/
  })
  t.notOk(existsSync(zipPath))
})
