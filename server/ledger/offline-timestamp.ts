import type { Sqlite } from '../db/open.ts'
import {
  buildTimestampRequest,
  parseTimestampRequest,
  parseTimestampResponse,
  sha256,
  TimestampError,
  verifyTimestampToken
} from '../lib/ledger/timestamp.ts'
import { ledgerRepo } from './repo.ts'
import { timestampRepo } from './timestamp-repo.ts'

/**
 * Timestamps for an air-gapped site. The server never reaches a time-stamping authority, so an operator
 * carries the request out: `timestamp request` writes a DER TimeStampReq for the newest checkpoint without
 * a timestamp (it covers every earlier one through consistency proofs), the operator posts it to a TSA
 * from any connected machine (curl, or `openssl ts -query` output works the same), brings the reply back,
 * and `timestamp import` stores the token only after every check the online path makes, against the
 * request it answers (imprint = SHA-256 of that checkpoint's signed note, and its nonce).
 */

export type OfflineRequest = { size: number; der: Buffer }

export type ImportOutcome = { status: 'stored'; size: number; genTime: string; serial: string } | { status: 'present'; size: number }

/** The request for the newest checkpoint that has no timestamp yet; null when every one has. */
export function offlineTimestampRequest(sqlite: Sqlite): OfflineRequest | null {
  const cp = ledgerRepo(sqlite).latestCheckpoint()
  if (!cp || timestampRepo(sqlite).forCheckpoint(cp.seq)) return null
  return { size: cp.size, der: buildTimestampRequest(sha256(Buffer.from(cp.note, 'utf8'))).der }
}

/**
 * Checks a TSA's reply against the request it answers and stores its token on the checkpoint the
 * request was made for. `source` names where the token came from (kept with it, as the TSA URL is online).
 */
export async function importTimestampReply(
  sqlite: Sqlite,
  input: { request: Uint8Array; reply: Uint8Array; source: string; trustedCa?: Buffer | string; now?: () => Date }
): Promise<ImportOutcome> {
  const { imprint, nonce } = parseTimestampRequest(input.request)
  const checkpoints = ledgerRepo(sqlite).checkpoints()
  const cp = checkpoints.find((c) => sha256(Buffer.from(c.note, 'utf8')).equals(imprint))
  if (!cp) throw new TimestampError("the request is not over any of this ledger's checkpoints")
  const stamps = timestampRepo(sqlite)
  if (stamps.forCheckpoint(cp.seq)) return { status: 'present', size: cp.size }
  const response = parseTimestampResponse(input.reply)
  if (!response.granted || !response.token) {
    const why = [...response.failInfo, ...response.statusText].join('; ')
    throw new TimestampError(`the TSA refused the request: ${response.statusName}${why ? ` (${why})` : ''}`)
  }
  const check = await verifyTimestampToken(response.token, {
    data: Buffer.from(cp.note, 'utf8'),
    nonce,
    ...(input.trustedCa !== undefined ? { trustedCa: input.trustedCa } : {})
  })
  if (!check.ok || !check.genTime || !check.serial) throw new TimestampError(`the token was refused: ${check.problems.join('; ')}`)
  const genTime = check.genTime.toISOString()
  stamps.insert({
    checkpointSeq: cp.seq,
    token: response.token,
    genTime,
    serial: check.serial,
    tsaUrl: input.source,
    createdAt: (input.now?.() ?? new Date()).toISOString()
  })
  return { status: 'stored', size: cp.size, genTime, serial: check.serial }
}
