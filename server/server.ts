import type { FastifyInstance } from 'fastify'
import { buildApp } from './app.ts'
import { loadConfig, startupFailureLine, type Config } from './config.ts'

/** A start refused: one line naming the setting and the rule, exit 1, no stack trace. */
function refuse(err: unknown): never {
  let config: Config | undefined
  try {
    config = loadConfig()
  } catch {
    config = undefined
  }
  process.stderr.write(startupFailureLine(err, config) + '\n')
  process.exit(1)
}

// The only file that listens. Everything else builds the app without a socket.
let app: FastifyInstance
try {
  app = await buildApp()
} catch (err) {
  refuse(err)
}

let closing = false
async function shutdown(signal: string): Promise<void> {
  if (closing) return
  closing = true
  app.log.info({ signal }, 'shutting down: finishing requests in flight')
  // A second signal, or a shutdown that hangs, must still end the process.
  const timer = setTimeout(() => {
    app.log.error('shutdown timed out')
    process.exit(1)
  }, 30_000)
  timer.unref()
  try {
    await app.close()
    process.exit(0)
  } catch (err) {
    app.log.error({ err }, 'error during shutdown')
    process.exit(1)
  }
}
process.once('SIGTERM', () => {
  void shutdown('SIGTERM')
})
process.once('SIGINT', () => {
  void shutdown('SIGINT')
})

try {
  await app.listen({ host: app.config.host, port: app.config.port })
} catch (err) {
  refuse(err)
}
