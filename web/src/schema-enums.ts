// Choice lists taken from the JSON Schemas themselves, so the form offers exactly what the server accepts.
import incidentSchema from '../../schemas/incident-input.json'
import personSchema from '../../schemas/person.json'
import consentSchema from '../../schemas/consent.json'
import evidenceUploadSchema from '../../schemas/evidence-upload.json'
import userSchema from '../../schemas/user.json'

const defs = incidentSchema.$defs

export const STATUSES = defs.status.enum as readonly ('draft' | 'submitted' | 'under-review' | 'returned' | 'verified')[]
export const PRECISIONS = defs.precision.enum as readonly ('day' | 'month' | 'year' | 'range' | 'estimate')[]
export const COORDINATE_PRECISIONS = defs.location.properties.coordinatePrecision.enum as readonly string[]
export const ELEMENT_STATUSES = defs.elementStatus.enum as readonly (
  | 'not-assessed'
  | 'alleged'
  | 'partly-supported'
  | 'supported'
  | 'not-supported'
)[]
export const PERPETRATOR_TYPES = defs.perpetrator.properties.type.enum as readonly string[]
export const INVOLVEMENTS = defs.perpetrator.properties.involvement.enum as readonly string[]
export const SOURCE_TYPES = defs.source.properties.type.enum as readonly string[]
export const RELIABILITY = defs.source.properties.reliability.enum as readonly string[]
export const CREDIBILITY = [1, 2, 3, 4, 5, 6] as const
export const PERSON_ROLES = personSchema.$defs.personRole.enum as readonly ('victim' | 'witness' | 'source' | 'perpetrator')[]
export const CONTACT_TYPES = personSchema.$defs.contacts.items.properties.type.enum as readonly string[]
export const CONSENT_PURPOSES = ['storage', 'internalAnalysis', 'icc', 'un', 'national', 'publication', 'image'] as const
export const CONSENT_METHODS = consentSchema.properties.method.enum as readonly string[]
export const EVIDENCE_SOURCES = evidenceUploadSchema.properties.source.enum as readonly string[]
export const ROLES = userSchema.$defs.role.enum as readonly ('admin' | 'documenter' | 'reviewer' | 'legal' | 'auditor')[]

/** Organs named in the schema's description of perpetrator.organ. */
export const ORGANS = ['gdi', 'mpvpv', 'police', 'courts', 'army', 'prisons', 'local-administration'] as const

/** Victim breakdowns offered by the form (countMap keys; the list filter `victimGroup` uses the same keys). */
export const VICTIM_GROUPS = {
  bySex: ['female', 'male'],
  byAgeGroup: ['child', 'adult', 'older-person'],
  byEthnicity: ['hazara', 'tajik', 'pashtun', 'uzbek', 'turkmen', 'baloch', 'nuristani', 'other-ethnicity'],
  byReligion: ['shia', 'sunni', 'ismaili', 'sikh', 'hindu', 'other-religion']
} as const

export const NARRATIVE_LANGUAGES = ['fa', 'ps', 'en', 'uz', 'tk', 'ar', 'ur'] as const
