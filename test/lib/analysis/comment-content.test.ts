import t from 'tap'
import { commentBodyDigest, commentContentSha256 } from '../../../server/lib/analysis/comment-content.ts'

const base = {
  id: '00000000-0000-4000-8000-000000000001',
  incidentId: '00000000-0000-4000-8000-000000000002',
  evidenceId: null,
  author: 'user:00000000-0000-4000-8000-000000000003',
  bodyDigest: commentBodyDigest('00'.repeat(16), 'text'),
  mentions: ['user:b', 'user:a'],
  createdAt: '2026-01-01T00:00:00.000Z'
}

t.test("a comment's content hash covers its text through the salted digest, and not the mentions' order", async (t) => {
  t.match(commentContentSha256(base), /^[0-9a-f]{64}$/)
  t.equal(commentContentSha256(base), commentContentSha256({ ...base, mentions: ['user:a', 'user:b'] }))
  t.not(commentContentSha256(base), commentContentSha256({ ...base, bodyDigest: commentBodyDigest('00'.repeat(16), 'other') }))
  t.not(commentBodyDigest('00'.repeat(16), 'text'), commentBodyDigest('01'.repeat(16), 'text'), 'the salt changes the digest')
})
