// The closed lists of the perpetrators' register, involvement records and incident links, taken from
// the JSON Schemas themselves so the forms offer exactly what the server accepts.
import involvementInput from '../../../schemas/involvement-input.json'
import linkInput from '../../../schemas/incident-link-input.json'
import organisationInput from '../../../schemas/organisation-input.json'
import incidentInput from '../../../schemas/incident-input.json'

export type LiabilityMode =
  | 'direct-perpetration'
  | 'co-perpetration'
  | 'indirect-perpetration'
  | 'ordering'
  | 'soliciting'
  | 'inducing'
  | 'aiding-abetting'
  | 'common-purpose'
  | 'superior-military'
  | 'superior-civilian'
  | 'unknown'
export const LIABILITY_MODES = involvementInput.$defs.mode.enum as readonly LiabilityMode[]

export type LinkType = 'connected-to' | 'same-event' | 'related' | 'duplicate-of'
export const LINK_TYPES = linkInput.properties.type.enum as readonly LinkType[]

export const ORGANISATION_KINDS = organisationInput.properties.kind.enum as readonly ('organisation' | 'unit')[]
export const ORGANISATION_TYPES = incidentInput.$defs.perpetrator.properties.type.enum as readonly string[]

/** The article of the Rome Statute each mode belongs to (a legal citation: not translated). */
export const MODE_ARTICLE: Readonly<Record<LiabilityMode, string>> = {
  'direct-perpetration': 'Art. 25(3)(a)',
  'co-perpetration': 'Art. 25(3)(a)',
  'indirect-perpetration': 'Art. 25(3)(a)',
  ordering: 'Art. 25(3)(b)',
  soliciting: 'Art. 25(3)(b)',
  inducing: 'Art. 25(3)(b)',
  'aiding-abetting': 'Art. 25(3)(c)',
  'common-purpose': 'Art. 25(3)(d)',
  'superior-military': 'Art. 28(a)',
  'superior-civilian': 'Art. 28(b)',
  unknown: ''
}

/** Folds case, Arabic/Persian letter variants and digits, so a search finds "ک" for "ك" and "۱۲" for "12". */
export function fold(s: string): string {
  return s
    .toLowerCase()
    .replace(/[ك]/g, 'ک')
    .replace(/[يى]/g, 'ی')
    .replace(/[۰-۹]/g, (d) => String(d.charCodeAt(0) - 0x06f0))
    .replace(/[٠-٩]/g, (d) => String(d.charCodeAt(0) - 0x0660))
    .replace(/[\u064b-\u065f]/g, '')
}
