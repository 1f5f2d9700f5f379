import t from 'tap'
import { formatPseudonym, parsePseudonym } from '../../../server/lib/text/pseudonym.ts'

t.test('pseudonyms are a letter per role and at least four digits', async (t) => {
  t.equal(formatPseudonym('witness', 7), 'W-0007')
  t.equal(formatPseudonym('victim', 12), 'V-0012')
  t.equal(formatPseudonym('source', 1), 'S-0001')
  t.equal(formatPseudonym('perpetrator', 12345), 'P-12345')
  t.throws(() => formatPseudonym('witness', 0), RangeError)
  t.throws(() => formatPseudonym('witness', 1.5), RangeError)
})

t.test('pseudonyms parse back; anything else is not one', async (t) => {
  t.same(parsePseudonym('W-0007'), { role: 'witness', n: 7 })
  t.same(parsePseudonym('P-12345'), { role: 'perpetrator', n: 12345 })
  for (const bad of ['W-7', 'X-0007', 'W-0000', 'w-0007', 'W-00007', ' W-0007']) t.equal(parsePseudonym(bad), null, bad)
})
