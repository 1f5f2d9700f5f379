import http from 'node:http'
import https from 'node:https'
import { TIMESTAMP_QUERY_TYPE, TIMESTAMP_REPLY_TYPE } from '../lib/ledger/timestamp.ts'

/** Largest time-stamp response accepted; real ones are a few KiB even with a certificate chain. */
export const MAX_RESPONSE_BYTES = 256 * 1024

export type TimestampClient = {
  /** The authority's URL without any user:password part, safe to log and store. */
  readonly url: string
  /** POSTs a DER TimeStampReq and resolves to the DER TimeStampResp. Rejects on any transport problem. */
  request(query: Uint8Array, signal?: AbortSignal): Promise<Buffer>
}

export type TimestampClientOptions = { url: string; timeoutMs: number; maxBytes?: number }

/** The authority's URL as it may be logged or stored: credentials, query and fragment removed. */
export function publicTsaUrl(url: string): string {
  const u = new URL(url)
  return `${u.protocol}//${u.host}${u.pathname}`
}

/**
 * RFC 3161 §3.4 "Time-Stamp Protocol via HTTP": one POST of `application/timestamp-query`, answered
 * with `application/timestamp-reply`. The whole exchange has one deadline (connect, send, receive),
 * redirects are not followed, and a response larger than `maxBytes` is cut off and refused.
 * Credentials in the URL (https://user:pass@tsa/…) are sent as HTTP Basic authentication.
 */
export function timestampClient(options: TimestampClientOptions): TimestampClient {
  const target = new URL(options.url)
  if (target.protocol !== 'http:' && target.protocol !== 'https:')
    throw new Error(`the TSA URL must be http or https, got ${target.protocol}`)
  const transport = target.protocol === 'https:' ? https : http
  const maxBytes = options.maxBytes ?? MAX_RESPONSE_BYTES
  const url = publicTsaUrl(options.url)

  function request(query: Uint8Array, signal?: AbortSignal): Promise<Buffer> {
    return new Promise((resolve, reject) => {
      let settled = false
      const finish = (err: Error | null, body?: Buffer): void => {
        if (settled) return
        settled = true
        clearTimeout(timer)
        signal?.removeEventListener('abort', onAbort)
        if (err) {
          req.destroy()
          reject(err)
        } else {
          resolve(body!)
        }
      }
      const onAbort = (): void => finish(new Error(`time-stamp request to ${url} aborted`))
      const req = transport.request(
        target,
        {
          method: 'POST',
          headers: { 'content-type': TIMESTAMP_QUERY_TYPE, 'content-length': query.length, accept: TIMESTAMP_REPLY_TYPE }
        },
        (res) => {
          const type = String(res.headers['content-type'] ?? '')
            .split(';')[0]!
            .trim()
            .toLowerCase()
          if (res.statusCode !== 200) {
            res.resume()
            finish(new Error(`the TSA at ${url} answered HTTP ${res.statusCode}`))
            return
          }
          // application/timestamp-response is the name some older authorities still send.
          if (type !== TIMESTAMP_REPLY_TYPE && type !== 'application/timestamp-response') {
            res.resume()
            finish(new Error(`the TSA at ${url} answered with content type "${type}", not ${TIMESTAMP_REPLY_TYPE}`))
            return
          }
          const declared = Number(res.headers['content-length'])
          if (Number.isFinite(declared) && declared > maxBytes) {
            finish(new Error(`the TSA at ${url} announced a ${declared}-byte response; the limit is ${maxBytes}`))
            return
          }
          const chunks: Buffer[] = []
          let size = 0
          res.on('data', (chunk: Buffer) => {
            size += chunk.length
            if (size > maxBytes) finish(new Error(`the TSA at ${url} sent more than ${maxBytes} bytes`))
            else chunks.push(chunk)
          })
          res.on('end', () => finish(null, Buffer.concat(chunks)))
          res.on('error', (err) => finish(err))
          res.on('aborted', () => finish(new Error(`the TSA at ${url} closed the connection mid-response`)))
        }
      )
      const timer = setTimeout(
        () => finish(new Error(`the TSA at ${url} did not answer within ${options.timeoutMs} ms`)),
        options.timeoutMs
      )
      timer.unref()
      if (signal?.aborted) {
        onAbort()
        return
      }
      signal?.addEventListener('abort', onAbort, { once: true })
      req.on('error', (err) => finish(new Error(`time-stamp request to ${url} failed: ${err.message}`)))
      req.end(query)
    })
  }

  return { url, request }
}

/** The client for the configured authority, or null when none is configured (timestamps are off). */
export function timestampClientFromConfig(config: { tsaUrl: string; tsaTimeoutMs: number }): TimestampClient | null {
  return config.tsaUrl === '' ? null : timestampClient({ url: config.tsaUrl, timeoutMs: config.tsaTimeoutMs })
}
