import t from 'tap'
import fc from 'fast-check'
import { canonicalJson } from '../../../web/src/lib/canonical-json.ts'
import { canonicalJsonString as serverCanonicalJson } from '../../../server/lib/ledger/canonical-json.ts'

t.test('RFC 8785 examples', async (t) => {
  t.equal(canonicalJson({ b: 2, a: [1, 'x', null, true], c: { z: 1.5, y: 1e21 } }), '{"a":[1,"x",null,true],"b":2,"c":{"y":1e+21,"z":1.5}}')
  t.equal(canonicalJson({ '\u20ac': 1, '\r': 2, '\ud83d\ude00': 3, ö: 4 }), '{"\\r":2,"ö":4,"€":1,"😀":3}')
  t.equal(canonicalJson(-0), '0')
  t.throws(() => canonicalJson(Number.NaN))
  t.throws(() => canonicalJson('\ud800'))
})

t.test('the browser encoding equals the server encoding on any JSON value', async () => {
  fc.assert(
    fc.property(fc.jsonValue(), (v) => canonicalJson(v) === serverCanonicalJson(v as never)),
    { numRuns: 500 }
  )
})
