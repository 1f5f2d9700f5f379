import type { JSX } from 'preact'
import type { Incident } from '../../../server/types/schemas.ts'
import { useApp } from '../context.ts'
import { DateText, Field, Link } from '../components/ui.tsx'
import { categoryLabel, provinceLabel } from '../labels.ts'
import type { MessageKey } from '../i18n/index.ts'
import { VICTIM_GROUPS } from '../schema-enums.ts'
import type { Filters } from './incident-list.tsx'

export type ListView = 'cards' | 'table'

/** The list's view as its URL says (`view=table`); cards by default, as on a phone. */
export const viewOf = (search: URLSearchParams): ListView => (search.get('view') === 'table' ? 'table' : 'cards')

/** Victims' sex and age group: two selects of the search form. */
export function VictimFilters(props: { value: Filters; onChange: (k: 'victimSex' | 'victimAge', v: string) => void }): JSX.Element {
  const { t } = useApp()
  return (
    <>
      <Field label={t('list.victimSex')}>
        {({ id }) => (
          <select
            id={id}
            name="victimSex"
            value={props.value.victimSex}
            onChange={(e) => props.onChange('victimSex', (e.currentTarget as HTMLSelectElement).value)}
          >
            <option value="">{t('list.any')}</option>
            {VICTIM_GROUPS.bySex.map((s) => (
              <option key={s} value={s}>
                {t(`group.${s}` as MessageKey)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label={t('list.victimAge')}>
        {({ id }) => (
          <select
            id={id}
            name="victimAge"
            value={props.value.victimAge}
            onChange={(e) => props.onChange('victimAge', (e.currentTarget as HTMLSelectElement).value)}
          >
            <option value="">{t('list.any')}</option>
            {VICTIM_GROUPS.byAgeGroup.map((s) => (
              <option key={s} value={s}>
                {t(`group.${s}` as MessageKey)}
              </option>
            ))}
          </select>
        )}
      </Field>
    </>
  )
}

/** An area drawn on the map is a filter too: said in words, with a way to drop it. */
export function AreaFilterNote(props: { filters: Filters; onClear: () => void }): JSX.Element | null {
  const { t } = useApp()
  const { bbox, near } = props.filters
  if (!bbox && !near) return null
  return (
    <p class="area-filter" data-testid="area-filter">
      {bbox ? t('map.inRectangle') : t('map.inRadius', { km: Number(near.split(',')[2]) })}{' '}
      <button type="button" class="button secondary" onClick={props.onClear}>
        {t('map.clearArea')}
      </button>
    </p>
  )
}

/** Cards or a table; the choice goes into the URL, so a bookmark keeps it. */
export function ViewToggle(props: { view: ListView; onChange: (v: ListView) => void }): JSX.Element {
  const { t } = useApp()
  return (
    <fieldset class="view-toggle">
      <legend>{t('list.view')}</legend>
      {(['cards', 'table'] as const).map((v) => (
        <button key={v} type="button" class="button secondary" aria-pressed={props.view === v} onClick={() => props.onChange(v)}>
          {t(`list.view.${v}`)}
        </button>
      ))}
    </fieldset>
  )
}

/** The same incidents as a table: one line each, for reading many at once on a desk. */
export function IncidentTable(props: { items: Incident[] }): JSX.Element {
  const { t, lang, ref } = useApp()
  return (
    <div class="table-scroll">
      <table class="incident-table">
        <caption class="visually-hidden">{t('list.title')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('list.col.reference')}</th>
            <th scope="col">{t('list.col.title')}</th>
            <th scope="col">{t('list.col.date')}</th>
            <th scope="col">{t('list.province')}</th>
            <th scope="col">{t('list.category')}</th>
            <th scope="col">{t('list.status')}</th>
            <th scope="col">{t('list.col.victims')}</th>
          </tr>
        </thead>
        <tbody>
          {props.items.map((i) => {
            const status = i.retracted ? 'retracted' : i.status
            return (
              <tr key={i.id}>
                <td dir="ltr" class="reference">
                  {i.reference}
                </td>
                <td>
                  {i.withheld === 'need-to-know' ? (
                    <span class="withheld">{t('list.needToKnow')}</span>
                  ) : (
                    <Link href={`/incidents/${i.id}`}>
                      <span dir="auto">{i.title}</span>
                    </Link>
                  )}
                </td>
                <td>
                  <DateText iso={i.occurred.from} />
                </td>
                <td>{ref ? provinceLabel(ref, i.location.province, lang) : i.location.province}</td>
                <td>{i.categories.map((c) => (ref ? categoryLabel(ref, c, lang) : c)).join('، ')}</td>
                <td>{t(`status.${status}` as MessageKey)}</td>
                <td>{i.victims?.count ?? ''}</td>
              </tr>
            )
          })}
        </tbody>
      </table>
    </div>
  )
}
