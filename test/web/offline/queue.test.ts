// The queue's logic: what is stored (sealed), the order of sending, and what a sync does with each answer.
import t from 'tap'
import { randomBytes } from 'node:crypto'
import { nextToSend, openQueue, type FileDraft, type IncidentDraft } from '../../../web/src/offline/queue.ts'
import { memoryStore, type QueueItem } from '../../../web/src/offline/store.ts'
import { backoffMs, syncQueue, type SendError, type Transport } from '../../../web/src/offline/sync.ts'
import { CHUNK_BYTES } from '../../../web/src/offline/envelope.ts'

const subtle = globalThis.crypto.subtle
const DRAFT: IncidentDraft = {
  title: 'Night raid in Dasht-e Barchi',
  narrative: 'Zarmina Ahmadi saw the men take her brother',
  narrativeLanguage: 'fa',
  occurred: { from: '2026-02-01' },
  location: { province: 'AF-KAB' },
  categories: []
}
const CAPTURE = { record: { sha256: 'ab' }, signature: 'sig' } as unknown as FileDraft['capture']

async function setup() {
  const store = memoryStore()
  const key = await subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt'])
  let n = 0
  const queue = openQueue({ store, subtle, key, owner: 'doc1', newId: () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}` })
  return { store, queue }
}

const item = (over: Partial<QueueItem>): QueueItem =>
  ({ id: 'x', owner: 'o', seq: 1, kind: 'incident', state: 'waiting', payload: {} as never, updatedAt: '', ...over }) as QueueItem

t.test('the next item to send: incident first, its persons and files once it is on the server', async (t) => {
  const cases: [string, QueueItem[], string | undefined][] = [
    ['empty queue', [], undefined],
    ['an incident waiting', [item({ id: 'i' })], 'i'],
    [
      'a person whose incident is not sent yet waits',
      [item({ id: 'p', seq: 1, kind: 'person', parent: 'i' }), item({ id: 'i', seq: 2, state: 'sending' })],
      'i'
    ],
    [
      'a person after its incident is sent',
      [item({ id: 'i', state: 'sent', serverId: 's' }), item({ id: 'p', seq: 2, kind: 'person', parent: 'i' })],
      'p'
    ],
    [
      'capture order',
      [
        item({ id: 'i', state: 'sent', serverId: 's' }),
        item({ id: 'f', seq: 3, kind: 'file', parent: 'i' }),
        item({ id: 'p', seq: 2, kind: 'person', parent: 'i' })
      ],
      'p'
    ],
    ['a tab closed while sending: sent again', [item({ id: 'i', state: 'sending' })], 'i'],
    [
      'children of a conflict wait',
      [item({ id: 'i', state: 'conflict', serverId: 's' }), item({ id: 'f', seq: 2, kind: 'file', parent: 'i' })],
      undefined
    ],
    [
      'children of a refused draft wait',
      [item({ id: 'i', state: 'failed' }), item({ id: 'f', seq: 2, kind: 'file', parent: 'i' })],
      undefined
    ],
    ['sent and failed items are not sent again', [item({ id: 'a', state: 'sent' }), item({ id: 'b', seq: 2, state: 'failed' })], undefined],
    ['an orphan waits', [item({ id: 'f', kind: 'file', parent: 'gone' })], undefined]
  ]
  for (const [name, items, want] of cases) t.equal(nextToSend(items)?.id, want, name)
})

t.test('what the queue stores holds no draft text, name or file byte in clear', async (t) => {
  const { store, queue } = await setup()
  const draft = await queue.addIncident(DRAFT)
  await queue.addPerson(draft.id, { role: 'witness', name: 'Gulalai Stanikzai' })
  const bytes = randomBytes(2 * CHUNK_BYTES + 12345)
  const file = await queue.addFile(draft.id, new Blob([bytes]), {
    filename: 'raid-kabul.jpg',
    mediaType: 'image/jpeg',
    sha256: 'f'.repeat(64),
    capture: CAPTURE
  })
  t.equal(file.chunks, 3, 'sealed in three chunks')
  const raw = Buffer.concat(
    store
      .dump()
      .map((v) =>
        Buffer.from(
          JSON.stringify(v, (_k, x) =>
            x instanceof ArrayBuffer ? Buffer.from(x).toString('latin1') : x instanceof Uint8Array ? Buffer.from(x).toString('latin1') : x
          )
        )
      )
  )
  for (const secret of ['Zarmina', 'Dasht-e Barchi', 'Gulalai', 'raid-kabul.jpg', 'image/jpeg'])
    t.notOk(raw.includes(secret), `no "${secret}"`)
  t.notOk(raw.includes(bytes.subarray(CHUNK_BYTES, CHUNK_BYTES + 64).toString('latin1')), 'no run of the file bytes')
  t.same(await queue.read(draft), DRAFT, 'the draft opens with the key')
  for (const [s, e] of [
    [0, bytes.length],
    [CHUNK_BYTES - 10, CHUNK_BYTES + 10],
    [5, 6],
    [2 * CHUNK_BYTES, bytes.length + 99]
  ])
    t.same(Buffer.from(await queue.fileBytes(file, s!, e!)), bytes.subarray(s, e), `bytes ${s}–${e}`)
  t.same(
    (await queue.list()).map((i) => i.kind),
    ['incident', 'person', 'file'],
    'in capture order'
  )
})

type Call = string
function fakeTransport(script: { fail?: Record<string, SendError[]> } = {}) {
  const calls: Call[] = []
  const failures = script.fail ?? {}
  const maybeFail = (what: string): void => {
    const next = failures[what]?.shift()
    if (next) throw next
  }
  const t: Transport & { calls: Call[] } = {
    calls,
    async createIncident(clientId) {
      calls.push(`incident ${clientId}`)
      maybeFail('incident')
      return { id: 'srv-incident', revision: 1 }
    },
    async updateIncident(id, _d, base) {
      calls.push(`patch ${id}@${base}`)
      maybeFail('patch')
      return { revision: base + 1 }
    },
    async createPerson(incidentId, clientId) {
      calls.push(`person ${clientId} in ${incidentId}`)
      maybeFail('person')
      return { id: 'srv-person' }
    },
    async uploadFile(item, incidentId, draft, read, on) {
      const bytes = await read(0, item.size ?? 0)
      calls.push(`file ${draft.filename} (${bytes.length} bytes) in ${incidentId}`)
      await on.url('/api/v1/uploads/u1')
      on.progress(bytes.length)
      maybeFail('file')
      return { evidenceId: 'srv-evidence' }
    }
  }
  return t
}

t.test('a sync sends draft, persons, files in order, then keeps receipts and drops the file bytes', async (t) => {
  const { store, queue } = await setup()
  const draft = await queue.addIncident(DRAFT)
  const file = await queue.addFile(draft.id, new Blob([Buffer.from('photo')]), {
    filename: 'a.jpg',
    mediaType: 'image/jpeg',
    sha256: 'f'.repeat(64),
    capture: CAPTURE
  })
  const person = await queue.addPerson(draft.id, { role: 'victim', name: 'X' })
  const transport = fakeTransport()
  t.same(await syncQueue(queue, transport), { sent: 3, stopped: 'done' })
  t.same(
    transport.calls,
    [`incident ${draft.id}`, 'file a.jpg (5 bytes) in srv-incident', `person ${person.id} in srv-incident`],
    'in capture order, each with its client id'
  )
  const after = await queue.list()
  t.same(
    after.map((i) => [i.state, i.serverId]),
    [
      ['sent', 'srv-incident'],
      ['sent', 'srv-evidence'],
      ['sent', 'srv-person']
    ]
  )
  t.equal(await store.chunk(file.id, 0), undefined, 'the sealed bytes of a sent file are gone')
  t.same(await syncQueue(queue, transport), { sent: 0, stopped: 'done' }, 'nothing is sent twice')
})

t.test('no network: the item waits and is sent again with the same client id', async (t) => {
  const { queue } = await setup()
  const draft = await queue.addIncident(DRAFT)
  const transport = fakeTransport({ fail: { incident: [{ status: 0, code: 'NETWORK' }] } })
  t.same(await syncQueue(queue, transport), { sent: 0, stopped: 'offline' })
  t.equal((await queue.list())[0]!.state, 'waiting')
  t.same(await syncQueue(queue, transport), { sent: 1, stopped: 'done' })
  t.same(transport.calls, [`incident ${draft.id}`, `incident ${draft.id}`], 'the retry carries the same client id')
  t.ok(backoffMs(0) >= 1000 && backoffMs(3) > backoffMs(2) && backoffMs(50) === 300_000, 'back-off grows to 5 minutes')
})

t.test('an edit of a sent draft goes as a PATCH from its revision; a conflict is kept, not overwritten', async (t) => {
  const { queue } = await setup()
  const draft = await queue.addIncident(DRAFT)
  const transport = fakeTransport({ fail: { patch: [{ status: 409, code: 'SANAD_ERR_REVISION_CONFLICT' }] } })
  await syncQueue(queue, transport)
  await queue.editIncident(draft.id, { ...DRAFT, title: 'Night raid (corrected)' })
  const file = await queue.addFile(draft.id, new Blob([Buffer.from('x')]), {
    filename: 'b.jpg',
    mediaType: 'image/jpeg',
    sha256: 'f'.repeat(64),
    capture: CAPTURE
  })
  t.same(await syncQueue(queue, transport), { sent: 0, stopped: 'done' })
  t.same(transport.calls, [`incident ${draft.id}`, 'patch srv-incident@1'])
  const [d, f] = await queue.list()
  t.equal(d!.state, 'conflict', 'the draft is marked in conflict')
  t.equal(d!.error, 'SANAD_ERR_REVISION_CONFLICT')
  t.equal((await queue.read<IncidentDraft>(d!)).title, 'Night raid (corrected)', 'the local edit is kept')
  t.equal(f!.id, file.id)
  t.equal(f!.state, 'waiting', 'its files wait for the documenter to decide')
})

t.test('a refusal marks the item failed with its code; a server error stops and waits', async (t) => {
  const { queue } = await setup()
  const draft = await queue.addIncident(DRAFT)
  await queue.addPerson(draft.id, { role: 'victim', name: 'X' })
  const transport = fakeTransport({
    fail: { incident: [{ status: 503, code: 'HTTP_503' }], person: [{ status: 400, code: 'SANAD_ERR_VALIDATION' }] }
  })
  t.same(await syncQueue(queue, transport), { sent: 0, stopped: 'server' })
  t.same(await syncQueue(queue, transport), { sent: 1, stopped: 'done' })
  t.same(
    (await queue.list()).map((i) => [i.state, i.error]),
    [
      ['sent', undefined],
      ['failed', 'SANAD_ERR_VALIDATION']
    ]
  )
})

t.test('removing a draft removes what was recorded under it', async (t) => {
  const { store, queue } = await setup()
  const draft = await queue.addIncident(DRAFT)
  const file = await queue.addFile(draft.id, new Blob([Buffer.from('photo')]), {
    filename: 'a.jpg',
    mediaType: 'image/jpeg',
    sha256: 'f'.repeat(64),
    capture: CAPTURE
  })
  await queue.remove(draft.id)
  t.same(await queue.list(), [])
  t.equal(await store.chunk(file.id, 0), undefined)
})
