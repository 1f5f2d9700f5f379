import t from 'tap'
import { diffRecords } from '../../../web/src/lib/diff.ts'

t.test('lists added, removed and changed leaves by path', async (t) => {
  const before = {
    title: 'A',
    location: { province: 'AF-KAB', district: 'X' },
    categories: ['a'],
    perpetrators: [{ type: 'militia' }],
    updatedAt: '1'
  }
  const after = {
    title: 'B',
    location: { province: 'AF-KAB', place: 'Y' },
    categories: ['a', 'b'],
    perpetrators: [{ type: 'militia', unit: 'U' }],
    updatedAt: '2'
  }
  t.same(diffRecords(before, after, ['updatedAt']), [
    { path: 'title', kind: 'changed', before: 'A', after: 'B' },
    { path: 'location.district', kind: 'removed', before: 'X' },
    { path: 'categories', kind: 'changed', before: ['a'], after: ['a', 'b'] },
    { path: 'location.place', kind: 'added', after: 'Y' },
    { path: 'perpetrators.0.unit', kind: 'added', after: 'U' }
  ])
  t.same(diffRecords(after, after), [])
  t.same(diffRecords({}, { a: 1 }), [{ path: 'a', kind: 'added', after: 1 }])
})
