// RFC 8785 JSON Canonicalization Scheme, as the ledger hashes its entries: members sorted by UTF-16
// code units at every level, numbers as ECMAScript writes them, strings with JSON.stringify's escapes,
// no whitespace. Refuses what is not plain I-JSON instead of guessing.

export function canonicalJson(value: unknown): string {
  if (value === null) return 'null'
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false'
    case 'number':
      if (!Number.isFinite(value)) throw new Error('canonical JSON: non-finite number')
      return JSON.stringify(value)
    case 'string':
      if (/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(value))
        throw new Error('canonical JSON: lone surrogate')
      return JSON.stringify(value)
    case 'object': {
      if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`
      const obj = value as Record<string, unknown>
      // Default sort compares UTF-16 code units, as RFC 8785 requires.
      const keys = Object.keys(obj)
        .filter((k) => obj[k] !== undefined)
        .sort()
      return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(',')}}`
    }
    default:
      throw new Error(`canonical JSON: cannot encode ${typeof value}`)
  }
}
