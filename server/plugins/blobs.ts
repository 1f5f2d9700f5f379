import fp from 'fastify-plugin'
import { BlobStore } from '../blobs/store.ts'

declare module 'fastify' {
  interface FastifyInstance {
    blobs: BlobStore
  }
}

/**
 * The content-addressed store under $SANAD_DATA_DIR/blobs. At start it clears tmp/ (uploads that
 * were never acknowledged) and removes blobs no record refers to: a crash between storing the bytes
 * and committing their row leaves such a blob, and nothing acknowledged can be among them.
 */
export default fp(
  async (app) => {
    const blobs = new BlobStore(app.config.dataDir)
    await blobs.init()
    const referenced = app.sqlite.prepare<[string, string], { n: number }>(
      'SELECT (SELECT count(*) FROM evidence WHERE sha256 = ?) + (SELECT count(*) FROM evidence_copies WHERE sha256 = ?) AS n'
    )
    let removed = 0
    for await (const sha256 of blobs.list()) {
      if ((referenced.get(sha256, sha256)?.n ?? 0) === 0) {
        await blobs.removeOrphan(sha256)
        removed++
      }
    }
    if (removed > 0) app.log.warn({ removed }, 'removed blobs of uploads that never committed')
    app.decorate('blobs', blobs)
  },
  { name: 'sanad-blobs', dependencies: ['sanad-db'] }
)
