// Whose queue and device key a record on the phone is, without the account's name: a phone searched at a
// checkpoint must not show who signed in to Sanad on it (#16 item 3). A SHA-256 tag of the username, the
// same every time, so the queue is found again after the next sign-in.

import { sha256 } from '@noble/hashes/sha2'
import { toHex, utf8 } from './bytes.ts'

export function ownerTag(username: string): string {
  return toHex(sha256(utf8(`sanad-offline-owner\n${username.toLowerCase()}`)))
}
