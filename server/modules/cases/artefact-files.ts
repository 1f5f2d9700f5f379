import { createReadStream } from 'node:fs'
import { open, readdir, rename, rm, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { type Duplex, pipeline, Readable, type Transform } from 'node:stream'
import { fail } from '../../errors.ts'
import { fsyncPath } from '../../fs/durable.ts'
import { FILE_MODE, privateDir } from '../../fs/private.ts'
import { openStream, sealedSize, sealingKey, sealStream, SEALED_HEADER_SIZE } from '../../lib/crypto/sealed-stream.ts'

export type ArtefactKind = 'pdf' | 'package'

const EXTENSION: Record<ArtefactKind, string> = { pdf: 'pdf', package: 'zip' }
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/
/** Slices of a PDF held in memory fed to the sealer, so it never holds a second copy of it whole. */
const SLICE = 1024 * 1024

/**
 * The dossier artefacts on disk, `$SANAD_DATA_DIR/exports/<dossier id>.pdf.sealed|.zip.sealed`:
 * sealed under the master key (server/lib/crypto/sealed-stream.ts), each bound to its dossier and kind, so a
 * copied data dir without the key shows nothing of them and a file swapped for another does not open.
 * The only code that reads, writes or deletes them. Files written by versions before sealing
 * (`<id>.pdf`, `<id>.zip`) are still served as they are, and deleted like the others.
 */
export function artefactFiles(dataDir: string, master: Buffer) {
  const key = sealingKey(master)
  const dir = join(dataDir, 'exports')
  const pathOf = (id: string, kind: ArtefactKind): string => join(dir, `${id}.${EXTENSION[kind]}.sealed`)
  const legacyPathOf = (id: string, kind: ArtefactKind): string => join(dir, `${id}.${EXTENSION[kind]}`)
  const context = (id: string, kind: ArtefactKind): string => `sanad-dossier-artefact:${id}:${kind}`

  async function sizeOf(path: string): Promise<number | null> {
    try {
      return (await stat(path)).size
    } catch {
      return null
    }
  }

  return {
    dir,
    pathOf,

    /** The exports folder, 0700. */
    async prepare(): Promise<void> {
      await privateDir(dir)
    },

    /**
     * Seals the PDF into place: a 0600 temporary file, fsync'd, renamed, the folder fsync'd. With
     * `encrypt` (a full-profile dossier), the PDF's bytes pass through it (an OpenPGP message to the
     * recipient) before sealing: only that message is ever written, never the plain PDF.
     */
    async writePdf(id: string, bytes: Uint8Array, encrypt?: Duplex): Promise<void> {
      await privateDir(dir)
      const path = pathOf(id, 'pdf')
      const tmp = `${path}.${process.pid}.partial`
      const fh = await open(tmp, 'wx', FILE_MODE)
      try {
        const slices = (function* () {
          for (let off = 0; off < bytes.length; off += SLICE)
            yield Buffer.from(bytes.buffer, bytes.byteOffset + off, Math.min(SLICE, bytes.length - off))
        })()
        const plain = Readable.from(slices)
        const sealing = sealStream(key, context(id, 'pdf'))
        const sealed = encrypt === undefined ? plain.pipe(sealing) : pipeline(plain, encrypt, sealing, () => {})
        for await (const chunk of sealed) {
          const b = chunk as Buffer
          let off = 0
          while (off < b.length) off += (await fh.write(b, off, b.length - off)).bytesWritten
        }
        await fh.sync()
      } catch (err) {
        await fh.close().catch(() => {})
        await rm(tmp, { force: true })
        throw err
      }
      await fh.close()
      await rename(tmp, path)
      await fsyncPath(dir)
    },

    /** Where writeBag puts the package, and the sealing it passes the ZIP through. */
    packageTarget(id: string): { zipPath: string; encode: () => Transform } {
      return { zipPath: pathOf(id, 'package'), encode: () => sealStream(key, context(id, 'package')) }
    },

    /**
     * Checks that an artefact of `plainSize` bytes is on disk, sealed under the loaded key, and gives
     * a function that streams its plaintext (opened only when called). A chunk that fails its check
     * ends the stream with an error before any of its bytes are given out.
     */
    async open(id: string, kind: ArtefactKind, plainSize: number): Promise<() => Readable> {
      const path = pathOf(id, kind)
      const size = await sizeOf(path)
      if (size === null) {
        const legacy = legacyPathOf(id, kind)
        if ((await sizeOf(legacy)) === plainSize) return () => createReadStream(legacy)
        fail('SANAD_ERR_DOSSIER_FILE_MISSING')
      }
      if (size !== sealedSize(plainSize))
        fail(
          'SANAD_ERR_DOSSIER_FILE_MISSING',
          'The dossier file on this server does not have the size that was exported; generate the dossier again.'
        )
      const head = Buffer.alloc(SEALED_HEADER_SIZE)
      const fh = await open(path, 'r')
      try {
        await fh.read(head, 0, SEALED_HEADER_SIZE, 0)
      } finally {
        await fh.close()
      }
      if (head.subarray(8, 16).toString('hex') !== key.id) {
        fail(
          'SANAD_ERR_DOSSIER_FILE_MISSING',
          'The dossier file was sealed under a master key that has since been rotated; generate the dossier again.'
        )
      }
      return () => pipeline(createReadStream(path), openStream(key, context(id, kind)), () => {})
    },

    /** Removes a dossier's artefacts (sealed, older unsealed, half-written); true if any file was there. */
    async remove(id: string): Promise<boolean> {
      let removed = false
      const names = await readdir(dir).catch(() => [] as string[])
      for (const name of names) {
        if (!name.startsWith(`${id}.`) && !name.startsWith(`.${id}.`)) continue
        await rm(join(dir, name), { force: true })
        removed = true
      }
      if (removed) await fsyncPath(dir).catch(() => {})
      return removed
    },

    /** Ids of the dossiers that have a file here (whole or half-written). */
    async held(): Promise<string[]> {
      const ids = new Set<string>()
      for (const name of await readdir(dir).catch(() => [] as string[])) {
        const id = name.replace(/^\./, '').slice(0, 36)
        if (UUID.test(id)) ids.add(id)
      }
      return [...ids].sort()
    }
  }
}

export type ArtefactFiles = ReturnType<typeof artefactFiles>
