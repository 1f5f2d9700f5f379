import type { JSX } from 'preact'
import { useApp } from '../context.ts'
import { label } from '../labels.ts'

/**
 * The roadmap's themes (massacre, targeted killing, …) an incident is tagged with, as checkboxes in
 * the user's language: the list's theme filter and the bulk "tag" action find what is ticked here.
 */
export function TagChoices(props: { value: string[]; onChange: (tags: string[]) => void }): JSX.Element | null {
  const { t, lang, ref } = useApp()
  const themes = ref?.taxonomy.tags ?? []
  if (themes.length === 0) return null
  return (
    <fieldset class="card tag-choices">
      <legend>{t('form.tags')}</legend>
      <p class="hint">{t('form.tagsHint')}</p>
      <ul class="checkbox-list">
        {themes.map((g) => (
          <li key={g.id}>
            <label class="inline">
              <input
                type="checkbox"
                name="tags"
                value={g.id}
                checked={props.value.includes(g.id)}
                onChange={(e) => {
                  const on = e.currentTarget.checked
                  props.onChange(on ? [...props.value, g.id] : props.value.filter((x) => x !== g.id))
                }}
              />{' '}
              {label(g.labels, lang)}
            </label>
          </li>
        ))}
      </ul>
    </fieldset>
  )
}
