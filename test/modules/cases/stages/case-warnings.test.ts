import t from 'tap'
import { caseWarnings, type WarningIncident } from '../../../../server/modules/cases/stages/case-warnings.ts'
import type { CaseRecipient } from '../../../../server/types/schemas.ts'

const inc = (over: Partial<WarningIncident> = {}): WarningIncident => ({
  id: 'i1',
  reference: 'SND-I-2026-0001',
  status: 'verified',
  occurred: { from: '2022-03-14', to: '2022-03-14' },
  categories: ['cah-murder'],
  ...over
})

t.test('each rule gives its warning codes, per recipient, and never anything else', async (t) => {
  const table: Array<[string, CaseRecipient, WarningIncident, string[]]> = [
    ['a verified 2022 murder for the ICC', 'icc-otp', inc(), []],
    [
      'a 1993 killing for the ICC',
      'icc-otp',
      inc({ occurred: { from: '1993-02-01', to: '1993-02-01' } }),
      ['OUTSIDE_ICC_JURISDICTION_WINDOW']
    ],
    [
      'the last day before the Statute entered into force',
      'icc-otp',
      inc({ occurred: { from: '2003-04-30', to: '2003-04-30' } }),
      ['OUTSIDE_ICC_JURISDICTION_WINDOW']
    ],
    ['the day it entered into force', 'icc-otp', inc({ occurred: { from: '2003-05-01', to: '2003-05-01' } }), []],
    [
      'conduct from 2001 into 2004',
      'icc-otp',
      inc({ occurred: { from: '2001-01-01', to: '2004-12-31' } }),
      ['PARTLY_OUTSIDE_ICC_JURISDICTION_WINDOW']
    ],
    ['a 1993 killing for national prosecutors: no ICC flag', 'national', inc({ occurred: { from: '1993-02-01', to: '1993-02-01' } }), []],
    ['a 1993 killing for the UN mechanism: no ICC flag', 'un-iima', inc({ occurred: { from: '1993-02-01', to: '1993-02-01' } }), []],
    ['a draft incident', 'national', inc({ status: 'draft' }), ['INCIDENT_NOT_VERIFIED']],
    ['an incident under review', 'icc-otp', inc({ status: 'under-review' }), ['INCIDENT_NOT_VERIFIED']],
    ['a status another workflow may add (returned)', 'public', inc({ status: 'returned' }), ['INCIDENT_NOT_VERIFIED']],
    ['a war-crime murder in 2022', 'un-iima', inc({ categories: ['wc-murder'] }), ['WAR_CRIME_NEXUS_REVIEW']],
    [
      'a war-crime murder on 15 August 2021',
      'icc-otp',
      inc({ categories: ['wc-murder'], occurred: { from: '2021-08-15', to: '2021-08-15' } }),
      []
    ],
    ['a war-crime murder in 2019', 'icc-otp', inc({ categories: ['wc-murder'], occurred: { from: '2019-06-01', to: '2019-06-01' } }), []],
    [
      'a draft 1998 war crime for the ICC',
      'icc-otp',
      inc({ status: 'draft', categories: ['wc-murder'], occurred: { from: '1998-08-08', to: '1998-08-08' } }),
      ['OUTSIDE_ICC_JURISDICTION_WINDOW', 'INCIDENT_NOT_VERIFIED']
    ]
  ]
  for (const [name, recipient, incident, codes] of table) {
    t.same(
      caseWarnings(recipient, [incident]).map((w) => w.code),
      codes,
      name
    )
  }
})

t.test('the ICC warning names 1 May 2003 and the incident; every warning names its incident', async (t) => {
  const [w] = caseWarnings('icc-otp', [inc({ occurred: { from: '1993-02-01', to: '1993-02-01' } })])
  t.match(w?.message, /2003-05-01/)
  t.match(w?.message, /SND-I-2026-0001/)
  t.equal(w?.incidentId, 'i1')
})
