// @mentions in a comment: `@` followed by a username or staff code (letters, digits, `.`, `_`, `-`),
// not preceded by a letter or digit (so an e-mail address mentions no one). Pure: which accounts the
// handles name is the comments feature's business.

const MENTION = /(?<![\p{L}\p{N}_.@-])@([\p{L}\p{N}][\p{L}\p{N}_.-]{0,63})/gu

/** The distinct handles a text mentions, lower-cased, in order of first appearance (trailing dots dropped). */
export function mentionHandles(text: string): string[] {
  const out: string[] = []
  for (const m of text.matchAll(MENTION)) {
    const handle = (m[1] ?? '').replace(/[.\-_]+$/u, '').toLowerCase()
    if (handle && !out.includes(handle)) out.push(handle)
  }
  return out
}
