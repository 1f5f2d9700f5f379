import t from 'tap'
import { CanonicalJsonError, canonicalJson, canonicalJsonString, parseCanonicalJson } from '../../../server/lib/ledger/canonical-json.ts'

/** A double from its IEEE 754 bit pattern, as RFC 8785 Appendix B lists them. */
function fromBits(hex: string): number {
  const view = new DataView(new ArrayBuffer(8))
  view.setBigUint64(0, BigInt(`0x${hex}`))
  return view.getFloat64(0)
}

t.test('RFC 8785 §3.2.2 example: literals, numbers, string escapes', async (t) => {
  const input =
    '{"numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001], "string": "\\u20ac$\\u000F\\u000aA\'\\u0042\\u0022\\u005c\\\\\\"\\/", "literals": [null, true, false]}'
  const expected =
    '{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],"string":"€$\\u000f\\nA\'B\\"\\\\\\\\\\"/"}'
  t.equal(canonicalJsonString(JSON.parse(input)), expected)
  t.same(canonicalJson(JSON.parse(input)), Buffer.from(expected, 'utf8'), 'bytes are UTF-8')
})

t.test('RFC 8785 §3.2.3 example: keys sorted by UTF-16 code units', async (t) => {
  const input =
    '{"\\u20ac": "Euro Sign", "\\r": "Carriage Return", "\\ufb33": "Hebrew Letter Dalet With Dagesh", "1": "One", "\\ud83d\\ude00": "Emoji: Grinning Face", "\\u0080": "Control", "\\u00f6": "Latin Small Letter O With Diaeresis"}'
  // Compare text, not Object.keys: JS lists integer-like keys ("1") first.
  const expected =
    '{"\\r":"Carriage Return","1":"One","\u0080":"Control","\u00f6":"Latin Small Letter O With Diaeresis",' +
    '"\u20ac":"Euro Sign","\ud83d\ude00":"Emoji: Grinning Face","\ufb33":"Hebrew Letter Dalet With Dagesh"}'
  t.equal(canonicalJsonString(JSON.parse(input)), expected, 'U+0080 stays raw, \\r is escaped, 😀 (D83D) sorts before U+FB33')
})

t.test('RFC 8785 Appendix B number serialisation', async (t) => {
  const cases: Array<[string, string]> = [
    ['0000000000000000', '0'],
    ['8000000000000000', '0'],
    ['0000000000000001', '5e-324'],
    ['8000000000000001', '-5e-324'],
    ['7fefffffffffffff', '1.7976931348623157e+308'],
    ['4340000000000000', '9007199254740992'],
    ['c340000000000000', '-9007199254740992'],
    ['4430000000000000', '295147905179352830000'],
    ['44b52d02c7e14af5', '9.999999999999997e+22'],
    ['44b52d02c7e14af6', '1e+23'],
    ['3eb0c6f7a0b5ed8d', '0.000001'],
    ['3eb0c6f7a0b5ed8c', '9.999999999999997e-7'],
    ['41b3de4355555555', '333333333.3333333']
  ]
  for (const [bits, text] of cases) t.equal(canonicalJsonString(fromBits(bits)), text, bits)
})

t.test('nested objects are sorted recursively; arrays keep order', async (t) => {
  t.equal(canonicalJsonString({ b: [3, { z: 1, a: 2 }], a: { d: null, c: 'x' } }), '{"a":{"c":"x","d":null},"b":[3,{"a":2,"z":1}]}')
  t.equal(canonicalJsonString(Object.assign(Object.create(null) as object, { k: 1 })), '{"k":1}', 'null-prototype objects are fine')
})

t.test('rejects values that are not plain I-JSON, naming where', async (t) => {
  const bad: Array<[string, unknown, RegExp]> = [
    ['NaN', { a: NaN }, /non-finite number NaN is not allowed at \$\.a/],
    ['Infinity', [1, -Infinity], /non-finite number -Infinity is not allowed at \$\[1\]/],
    ['undefined member', { details: { note: undefined } }, /undefined is not allowed .* at \$\.details\.note/],
    ['undefined top level', undefined, /undefined is not allowed/],
    ['undefined in array', [undefined], /undefined .* at \$\[0\]/],
    // biome-ignore lint/suspicious/noSparseArray: the hole is what this case tests
    ['sparse array', [1, , 3], /array hole is not allowed at \$\[1\]/],
    ['function', { f: () => 1 }, /function is not allowed at \$\.f/],
    ['bigint', { n: 1n }, /bigint is not allowed/],
    ['symbol', Symbol('x'), /symbol is not allowed/],
    ['Date', { when: new Date(0) }, /object of type Date is not plain JSON at \$\.when/],
    ['Map', new Map(), /Map is not plain JSON/],
    ['lone surrogate', { s: 'a\ud800b' }, /lone UTF-16 surrogate at \$\.s/],
    ['lone surrogate key', { '\udc00': 1 }, /member name contains a lone UTF-16 surrogate/],
    ['odd key path', { 'a b': { x: NaN } }, /at \$\["a b"\]\.x/]
  ]
  for (const [name, value, message] of bad) {
    t.throws(() => canonicalJson(value), message, name)
  }
  const cyclic: Record<string, unknown> = {}
  cyclic.self = cyclic
  t.throws(() => canonicalJson(cyclic), /cyclic reference at \$\.self/)
  const shared = { x: 1 }
  t.equal(canonicalJsonString({ a: shared, b: shared }), '{"a":{"x":1},"b":{"x":1}}', 'shared (non-cyclic) references are fine')
  try {
    canonicalJson({ a: NaN })
  } catch (err) {
    t.ok(err instanceof CanonicalJsonError)
    t.equal((err as CanonicalJsonError).code, 'SANAD_ERR_JSON_NOT_CANONICALIZABLE')
    t.equal((err as CanonicalJsonError).path, '$.a')
  }
})

t.test('parseCanonicalJson accepts only canonical bytes', async (t) => {
  t.same(parseCanonicalJson(Buffer.from('{"a":[1,"é"],"b":null}')), { a: [1, 'é'], b: null })
  const notCanonical = ['{"b":1,"a":2}', '{"a": 1}', '{"a":1.0}', '{"a":"\\u0041"}', '{"a":1,"a":1}', '[1e2]', '{"n":12345678901234567890}']
  for (const text of notCanonical) {
    t.throws(
      () => parseCanonicalJson(Buffer.from(text)),
      { code: 'SANAD_ERR_JSON_NONCANONICAL', message: /not in RFC 8785 canonical form/ },
      text
    )
  }
  t.throws(() => parseCanonicalJson(Buffer.from([0x22, 0xff, 0x22])), /not valid UTF-8 JSON/)
  t.throws(() => parseCanonicalJson(Buffer.from('{')), /not valid UTF-8 JSON/)
})
