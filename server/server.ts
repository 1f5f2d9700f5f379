import { buildApp } from './app.ts'

// The only file that listens. Everything else builds the app without a socket.
const app = await buildApp()

let closing = false
async function shutdown (signal: string): Promise<void> {
  if (closing) return
  closing = true
  app.log.info({ signal }, 'shutting down: finishing requests in flight')
  // A second signal, or a shutdown that hangs, must still end the process.
  const timer = setTimeout(() => { app.log.error('shutdown timed out'); process.exit(1) }, 30_000)
  timer.unref()
  try {
    await app.close()
    process.exit(0)
  } catch (err) {
    app.log.error({ err }, 'error during shutdown')
    process.exit(1)
  }
}
process.once('SIGTERM', () => { void shutdown('SIGTERM') })
process.once('SIGINT', () => { void shutdown('SIGINT') })

try {
  await app.listen({ host: app.config.host, port: app.config.port })
} catch (err) {
  app.log.error({ err }, 'could not start')
  process.exit(1)
}
