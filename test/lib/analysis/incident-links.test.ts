import t from 'tap'
import { linkContentSha256, linkProblems, type LinkEnd, type LinkRequest } from '../../../server/lib/analysis/incident-links.ts'

const known = (id: string): boolean => ['cah-persecution-gender', 'cah-imprisonment', 'cah-murder'].includes(id)
const a: LinkEnd = { id: 'a', categories: ['cah-persecution-gender'], retracted: false }
const b: LinkEnd = { id: 'b', categories: ['cah-imprisonment'], retracted: false }

t.test('link rules, as a table', async (t) => {
  const table: Array<
    [string, LinkRequest, LinkEnd, LinkEnd, Array<{ type: LinkRequest['type']; from: string; to: string; category?: string }>, string[]]
  > = [
    ['connected crime', { type: 'connected-to', category: 'cah-imprisonment' }, a, b, [], []],
    [
      'with the qualification it serves',
      { type: 'connected-to', category: 'cah-imprisonment', fromCategory: 'cah-persecution-gender' },
      a,
      b,
      [],
      []
    ],
    ['connected-to needs a category', { type: 'connected-to' }, a, b, [], ['category:validation']],
    ['unknown category', { type: 'connected-to', category: 'nope' }, a, b, [], ['category:category-unknown']],
    ['category not on the target', { type: 'connected-to', category: 'cah-murder' }, a, b, [], ['category:validation']],
    ['related takes no category', { type: 'related', category: 'cah-imprisonment' }, a, b, [], ['category:validation']],
    [
      'fromCategory only on connected-to',
      { type: 'related', fromCategory: 'cah-persecution-gender' },
      a,
      b,
      [],
      ['fromCategory:validation']
    ],
    ['itself', { type: 'related' }, a, a, [], ['to:validation']],
    ['same-event twice, reversed', { type: 'same-event' }, a, b, [{ type: 'same-event', from: 'b', to: 'a' }], ['to:conflict']],
    [
      'same crime twice',
      { type: 'connected-to', category: 'cah-imprisonment' },
      a,
      b,
      [{ type: 'connected-to', from: 'a', to: 'b', category: 'cah-imprisonment' }],
      ['to:conflict']
    ],
    ['duplicate of a merged incident', { type: 'duplicate-of' }, a, { ...b, mergedInto: 'c' }, [], ['to:conflict']],
    ['a merged incident merged again', { type: 'duplicate-of' }, { ...a, mergedInto: 'c' }, b, [], ['to:conflict']],
    ['a survivor merged away', { type: 'duplicate-of' }, a, b, [{ type: 'duplicate-of', from: 'c', to: 'a' }], ['to:conflict']],
    ['a retracted duplicate', { type: 'duplicate-of' }, { ...a, retracted: true }, b, [], ['to:conflict']]
  ]
  for (const [name, request, from, to, active, expected] of table) {
    t.same(
      linkProblems(request, from, to, known, active).map((p) => `${p.field}:${p.code}`),
      expected,
      name
    )
  }
})

t.test('the content hash covers the removal', async (t) => {
  const link = { id: 'l', from: 'a', to: 'b', type: 'related' as const, createdAt: '2026-01-01T00:00:00.000Z', createdBy: 'user:x' }
  const h = linkContentSha256(link)
  t.match(h, /^[0-9a-f]{64}$/)
  t.not(linkContentSha256({ ...link, removedAt: '2026-01-02T00:00:00.000Z', removedBy: 'user:x' }), h)
  t.not(linkContentSha256({ ...link, to: 'c' }), h)
  t.equal(linkContentSha256({ ...link, category: undefined }), h, 'an absent category is not a member')
})
