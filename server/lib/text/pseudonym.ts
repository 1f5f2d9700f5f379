// Stable pseudonyms for persons: one series per role, W-0007 for the seventh witness. Pure.

export const PSEUDONYM_PREFIX = { witness: 'W', victim: 'V', source: 'S', perpetrator: 'P' } as const
export type PseudonymRole = keyof typeof PSEUDONYM_PREFIX

const PATTERN = /^([WVSP])-(\d{4,})$/

/** The n-th pseudonym (n ≥ 1) of a role: at least four digits, more once a series passes 9999. */
export function formatPseudonym(role: PseudonymRole, n: number): string {
  if (!Number.isSafeInteger(n) || n < 1) throw new RangeError(`pseudonym number must be a positive integer, got ${n}`)
  return `${PSEUDONYM_PREFIX[role]}-${String(n).padStart(4, '0')}`
}

/** The role and number of a pseudonym, or null when the text is not one. */
export function parsePseudonym(text: string): { role: PseudonymRole; n: number } | null {
  const m = PATTERN.exec(text)
  if (!m) return null
  const role = (Object.keys(PSEUDONYM_PREFIX) as PseudonymRole[]).find((r) => PSEUDONYM_PREFIX[r] === m[1])
  const n = Number(m[2])
  if (!role || n < 1 || ((m[2] as string).length > 4 && (m[2] as string).startsWith('0'))) return null
  return { role, n }
}
