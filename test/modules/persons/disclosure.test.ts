import t from 'tap'
import { disclose, disclosureDecision, type PersonFacts } from '../../../server/modules/persons/disclosure.ts'
import { consentState, consentKind } from '../../../server/modules/persons/consent.ts'

const none = consentState([])
const base: PersonFacts = { id: 'p1', pseudonym: 'W-0007', role: 'witness', protected: true, needToKnow: false, consent: none }
const identity = { name: 'Zarghuna Ahmadi' }
const withConsent = (c: Partial<PersonFacts['consent']>): PersonFacts => ({ ...base, consent: { ...none, ...c } })

t.test('a protected person is named only to a recipient she consented to', async (t) => {
  const p = withConsent({ icc: 'granted' })
  t.same(disclose({ ...p, identity }, { recipient: 'icc', profile: 'identities', viewerRole: 'legal' }).identity, identity)
  for (const recipient of ['un', 'national', 'public', 'internal'] as const) {
    const d = disclose({ ...p, identity }, { recipient, profile: 'identities', viewerRole: 'legal' })
    t.equal(d.identity, null, recipient)
    t.ok(d.withheld.includes('no-consent-for-recipient'))
    t.equal(d.pseudonym, 'W-0007', 'the pseudonym stands in')
    t.equal(d.include, true)
  }
})

t.test('a withdrawn consent blocks at once; never asked counts as not given', async (t) => {
  const p = withConsent({ icc: 'withdrawn' })
  t.equal(disclose({ ...p, identity }, { recipient: 'icc', profile: 'identities', viewerRole: 'legal' }).identity, null)
  t.equal(disclose({ ...base, identity }, { recipient: 'icc', profile: 'identities', viewerRole: 'legal' }).identity, null)
  const gone = disclosureDecision(withConsent({ storage: 'withdrawn', icc: 'granted' }), {
    recipient: 'icc',
    profile: 'identities',
    viewerRole: 'legal'
  })
  t.same(
    gone,
    { include: false, identity: false, image: false, withheld: ['storage-consent-withdrawn'] },
    'withdrawn storage consent: left out entirely'
  )
})

t.test('the pseudonymised profile, an auditor and need-to-know without clearance all withhold the identity', async (t) => {
  const p = withConsent({ icc: 'granted', image: 'granted' })
  t.same(disclosureDecision(p, { recipient: 'icc', profile: 'pseudonymised', viewerRole: 'legal' }).withheld, ['profile-pseudonymised'])
  t.same(disclosureDecision(p, { recipient: 'icc', profile: 'identities', viewerRole: 'auditor' }).withheld, ['viewer-not-allowed'])
  const ntk = { ...p, needToKnow: true }
  t.same(disclosureDecision(ntk, { recipient: 'icc', profile: 'identities', viewerRole: 'legal' }).withheld, ['need-to-know'])
  t.equal(disclosureDecision(ntk, { recipient: 'icc', profile: 'identities', viewerRole: 'legal', viewerCleared: true }).identity, true)
  t.equal(disclosureDecision(p, { recipient: 'icc', profile: 'identities', viewerRole: 'legal' }).image, true, 'image with image consent')
})

t.test('an unprotected person (a public official) may be named without consent, still subject to need-to-know', async (t) => {
  const official: PersonFacts = { ...base, role: 'perpetrator', pseudonym: 'P-0001', protected: false }
  t.same(disclose({ ...official, identity }, { recipient: 'public', profile: 'identities', viewerRole: 'legal' }).identity, identity)
  t.equal(
    disclose({ ...official, needToKnow: true, identity }, { recipient: 'public', profile: 'identities', viewerRole: 'legal' }).identity,
    null
  )
})

t.test('the identity is only computed (decrypted) when it may be disclosed', async (t) => {
  let calls = 0
  const lazy = () => {
    calls++
    return identity
  }
  disclose({ ...base, identity: lazy }, { recipient: 'icc', profile: 'identities', viewerRole: 'legal' })
  t.equal(calls, 0)
  disclose({ ...withConsent({ icc: 'granted' }), identity: lazy }, { recipient: 'icc', profile: 'identities', viewerRole: 'legal' })
  t.equal(calls, 1)
})

t.test('consent history folds into the current state; false after true is a withdrawal', async (t) => {
  t.equal(consentKind(true, undefined), 'granted')
  t.equal(consentKind(true, { granted: true }), 'confirmed')
  t.equal(consentKind(false, { granted: true }), 'withdrawn')
  t.equal(consentKind(false, undefined), 'refused')
  const state = consentState([
    { purpose: 'icc', granted: true, kind: 'granted' },
    { purpose: 'icc', granted: false, kind: 'withdrawn' },
    { purpose: 'icc', granted: false, kind: 'refused' },
    { purpose: 'image-voice', granted: true, kind: 'granted' }
  ])
  t.equal(state.icc, 'withdrawn')
  t.equal(state.image, 'granted')
  t.equal(state.un, 'not-recorded')
})
