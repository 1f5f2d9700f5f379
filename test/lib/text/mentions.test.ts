import t from 'tap'
import { mentionHandles } from '../../../server/lib/text/mentions.ts'

t.test('a comment mentions accounts by username or staff code, once each, lower-cased', async (t) => {
  const cases: Array<[string, string[]]> = [
    ['@farid please check', ['farid']],
    ['ask @KBL-07 and @farid, then @farid again.', ['kbl-07', 'farid']],
    ['seen by @reviewer.', ['reviewer']],
    ['@فرید لطفاً ببینید', ['فرید']],
    ['write to farid@example.org', []],
    ['no mention here', []],
    ['@@double', []],
    ['(@legal-1)', ['legal-1']]
  ]
  for (const [text, expected] of cases) t.same(mentionHandles(text), expected, text)
})
