// The shape of a message catalogue: exactly the keys of en.ts (no DOM, so tests can import it too).
import type { en } from './en.ts'

export type MessageKey = keyof typeof en
export type Messages = { readonly [K in MessageKey]: string }
