import type { JSX } from 'preact'
import { useApp } from '../context.ts'
import { categoriesByGroup, label } from '../labels.ts'

/** A <select> of violation categories grouped by crime group, each with its Rome Statute article. */
export function CategorySelect(props: {
  id: string
  value: string
  onChange: (v: string) => void
  describedBy?: string | undefined
  allLabel: string
}): JSX.Element {
  const { ref, lang } = useApp()
  if (!ref) return <select id={props.id} disabled />
  return (
    <select
      id={props.id}
      value={props.value}
      aria-describedby={props.describedBy}
      onChange={(e) => props.onChange((e.currentTarget as HTMLSelectElement).value)}
    >
      <option value="">{props.allLabel}</option>
      {categoriesByGroup(ref).map(({ group, categories }) => (
        <optgroup key={group.id} label={label(group.labels, lang)}>
          {categories.map((c) => (
            <option key={c.id} value={c.id}>
              {label(c.labels, lang)}
              {c.romeStatute ? ` — ${c.romeStatute}` : ''}
            </option>
          ))}
        </optgroup>
      ))}
    </select>
  )
}

export function ProvinceSelect(props: {
  id: string
  name?: string
  value: string
  onChange: (v: string) => void
  describedBy?: string | undefined
  emptyLabel: string
  required?: boolean
  invalid?: boolean
}): JSX.Element {
  const { ref, lang } = useApp()
  if (!ref) return <select id={props.id} disabled />
  const collator = new Intl.Collator(lang)
  const provinces = [...ref.provinces].sort((a, b) => collator.compare(a[lang], b[lang]))
  return (
    <select
      id={props.id}
      name={props.name}
      value={props.value}
      required={props.required}
      aria-invalid={props.invalid ? 'true' : undefined}
      aria-describedby={props.describedBy}
      onChange={(e) => props.onChange((e.currentTarget as HTMLSelectElement).value)}
    >
      <option value="">{props.emptyLabel}</option>
      {provinces.map((p) => (
        <option key={p.code} value={p.code}>
          {p[lang]}
          {lang !== 'en' ? ` (${p.en})` : ''}
        </option>
      ))}
    </select>
  )
}
