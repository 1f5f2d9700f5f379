import type { JSX } from 'preact'
import { useApp } from '../context.ts'
import { Field } from './ui.tsx'
import type { MessageKey } from '../i18n/index.ts'
import consentSchema from '../../../schemas/consent.json'

export const CONSENT_GIVERS = consentSchema.properties.givenBy.enum as readonly ('person' | 'guardian' | 'next-of-kin')[]

/** Who gave consent (the person, a guardian, or the next of kin of a deceased person) and a child's own assent. */
export type ConsentGiver = { givenBy: '' | (typeof CONSENT_GIVERS)[number]; childAssent: boolean }

/** The consent fields of the giver, as sent: nothing when the person gave it (the default). */
export function consentGiverInput(g: Partial<ConsentGiver>): { givenBy?: ConsentGiver['givenBy']; childAssent?: boolean } {
  const out: { givenBy?: ConsentGiver['givenBy']; childAssent?: boolean } = {}
  if (g.givenBy && g.givenBy !== 'person') out.givenBy = g.givenBy
  if (g.givenBy === 'guardian' && g.childAssent) out.childAssent = true
  return out
}

export function ConsentGiverFields(props: {
  value: Partial<ConsentGiver>
  onChange: (g: ConsentGiver) => void
  prefix: string
}): JSX.Element {
  const { t } = useApp()
  const g: ConsentGiver = { givenBy: props.value.givenBy ?? '', childAssent: props.value.childAssent ?? false }
  return (
    <div class="grid consent-giver">
      <Field label={t('consentGiver.givenBy')} hint={t('consentGiver.givenByHint')}>
        {({ id, describedBy }) => (
          <select
            id={id}
            name={`${props.prefix}-givenBy`}
            value={g.givenBy}
            aria-describedby={describedBy}
            onChange={(e) => props.onChange({ ...g, givenBy: e.currentTarget.value as ConsentGiver['givenBy'] })}
          >
            <option value="">{t('consentGiver.person')}</option>
            {CONSENT_GIVERS.filter((x) => x !== 'person').map((x) => (
              <option key={x} value={x}>
                {t(`consentGiver.${x}` as MessageKey)}
              </option>
            ))}
          </select>
        )}
      </Field>
      {g.givenBy === 'guardian' ? (
        <label class="inline checkbox-field">
          <input
            type="checkbox"
            name={`${props.prefix}-childAssent`}
            checked={g.childAssent}
            onChange={(e) => props.onChange({ ...g, childAssent: e.currentTarget.checked })}
          />{' '}
          {t('consentGiver.childAssent')}
        </label>
      ) : null}
    </div>
  )
}
