// A readable diff between two revisions of a record: every leaf value that was added, removed or
// changed, by its path (e.g. "location.district", "victims.killed", "perpetrators.1.unit").

export type Change = { path: string; kind: 'added' | 'removed' | 'changed'; before?: unknown; after?: unknown }

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

function flatten(value: unknown, path: string, out: Map<string, unknown>): void {
  if (isObject(value)) {
    const keys = Object.keys(value)
    if (keys.length === 0 && path) out.set(path, {})
    for (const k of keys) flatten(value[k], path ? `${path}.${k}` : k, out)
  } else if (Array.isArray(value)) {
    // Arrays of plain values (category ids, tags) read best whole; arrays of objects item by item.
    if (value.every((v) => !isObject(v) && !Array.isArray(v))) out.set(path, value)
    else value.forEach((v, i) => flatten(v, `${path}.${i}`, out))
  } else if (value !== undefined) {
    out.set(path, value)
  }
}

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b)

/** Changes from `before` to `after`, in a stable order; fields named in `ignore` (and below them) are skipped. */
export function diffRecords(before: unknown, after: unknown, ignore: readonly string[] = []): Change[] {
  const a = new Map<string, unknown>()
  const b = new Map<string, unknown>()
  flatten(before, '', a)
  flatten(after, '', b)
  const skip = (p: string): boolean => ignore.some((i) => p === i || p.startsWith(`${i}.`))
  const paths = [...new Set([...a.keys(), ...b.keys()])].filter((p) => !skip(p))
  const changes: Change[] = []
  for (const path of paths) {
    const inA = a.has(path)
    const inB = b.has(path)
    if (inA && !inB) changes.push({ path, kind: 'removed', before: a.get(path) })
    else if (!inA && inB) changes.push({ path, kind: 'added', after: b.get(path) })
    else if (!same(a.get(path), b.get(path))) changes.push({ path, kind: 'changed', before: a.get(path), after: b.get(path) })
  }
  return changes
}
