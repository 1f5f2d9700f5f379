import t from 'tap'
import { handOut, withdrawnSinceDelivery, type BasisConsent, type BasisPerson } from '../../../../server/modules/cases/stages/hand-out.ts'

const granted: BasisConsent = { purpose: 'granted', storage: 'granted', image: 'refused' }
const witness = (over: Partial<BasisPerson> = {}): BasisPerson => ({
  person: 'w',
  incident: 'i',
  named: true,
  needToKnow: true,
  consent: granted,
  ...over
})

t.test('who may take a built dossier, and when it is stale', async (t) => {
  const table: Array<{ name: string; isBuilder: boolean; basis: BasisPerson[] | null; reads: boolean; now?: BasisConsent; want: string }> =
    [
      { name: 'the builder', isBuilder: true, basis: [witness()], reads: false, want: 'ok' },
      { name: 'another reader cleared for every need-to-know person named', isBuilder: false, basis: [witness()], reads: true, want: 'ok' },
      {
        name: 'another reader not cleared for a named need-to-know person',
        isBuilder: false,
        basis: [witness()],
        reads: false,
        want: 'SANAD_ERR_FORBIDDEN'
      },
      {
        name: 'another reader, the need-to-know person only pseudonymised',
        isBuilder: false,
        basis: [witness({ named: false })],
        reads: false,
        want: 'ok'
      },
      {
        name: 'another reader, a named person who is not need-to-know',
        isBuilder: false,
        basis: [witness({ needToKnow: false })],
        reads: false,
        want: 'ok'
      },
      {
        name: 'the builder, consent for the recipient withdrawn since',
        isBuilder: true,
        basis: [witness()],
        reads: true,
        now: { ...granted, purpose: 'withdrawn' },
        want: 'SANAD_ERR_DOSSIER_STALE'
      },
      {
        name: 'the builder, storage consent withdrawn since',
        isBuilder: true,
        basis: [witness({ named: false })],
        reads: true,
        now: { ...granted, storage: 'withdrawn' },
        want: 'SANAD_ERR_DOSSIER_STALE'
      },
      {
        name: 'the builder, image consent granted since',
        isBuilder: true,
        basis: [witness()],
        reads: true,
        now: { ...granted, image: 'granted' },
        want: 'SANAD_ERR_DOSSIER_STALE'
      },
      { name: 'the builder of a dossier from before bases were recorded', isBuilder: true, basis: null, reads: false, want: 'ok' },
      {
        name: 'anyone else, a dossier from before bases were recorded',
        isBuilder: false,
        basis: null,
        reads: true,
        want: 'SANAD_ERR_FORBIDDEN'
      }
    ]
  for (const row of table) {
    const decision = handOut({
      isBuilder: row.isBuilder,
      basis: row.basis,
      mayReadIdentity: () => row.reads,
      consentNow: () => row.now ?? granted
    })
    t.equal(decision.ok ? 'ok' : decision.code, row.want, row.name)
  }
})

t.test('a withdrawal after delivery is found per person and purpose; a refusal that was never a grant is not', async (t) => {
  const basis = [witness({ person: 'a' }), witness({ person: 'b', consent: { purpose: 'refused', storage: 'granted', image: 'granted' } })]
  const now: Record<string, BasisConsent> = {
    a: { purpose: 'withdrawn', storage: 'granted', image: 'refused' },
    b: { purpose: 'withdrawn', storage: 'withdrawn', image: 'granted' }
  }
  t.same(
    withdrawnSinceDelivery(basis, (p) => now[p] as BasisConsent),
    [
      { person: 'a', purpose: 'purpose' },
      { person: 'b', purpose: 'storage' }
    ]
  )
})
