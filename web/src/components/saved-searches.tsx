import type { JSX } from 'preact'
import { useEffect, useState } from 'preact/hooks'
import type { SavedSearch } from '../../../server/types/schemas.ts'
import { useApp } from '../context.ts'
import { del, get, patch, post } from '../api.ts'
import { Field, useErrorText } from './ui.tsx'

/**
 * The signed-in account's saved searches of the incident list (#19 item 8): save the filters now in
 * the URL under a name, open one (sets the URL), rename or delete it. Names are the owner's own: the
 * server keeps them sealed and shows them to no one else.
 */
export function SavedSearches(props: { query: string }): JSX.Element {
  const { t, navigate, announce } = useApp()
  const errorText = useErrorText()
  const [items, setItems] = useState<SavedSearch[] | null>(null)
  const [error, setError] = useState<unknown>(null)
  const [naming, setNaming] = useState(false)
  const [name, setName] = useState('')
  const [renaming, setRenaming] = useState<{ id: string; name: string } | null>(null)
  const [busy, setBusy] = useState(false)
  const query = props.query.replace(/^\?/, '')

  const load = (): void => {
    get<{ items: SavedSearch[] }>('/api/v1/saved-searches')
      .then((r) => setItems(r.items))
      .catch(setError)
  }
  useEffect(load, [])

  const act = async (work: () => Promise<unknown>, done: string): Promise<void> => {
    setBusy(true)
    setError(null)
    try {
      await work()
      announce(done)
      load()
    } catch (e) {
      setError(e)
    } finally {
      setBusy(false)
    }
  }

  return (
    <section class="saved-searches card" aria-labelledby="saved-searches-title">
      <h2 id="saved-searches-title">{t('saved.title')}</h2>
      {error ? (
        <p class="field-error" role="alert">
          {errorText(error)}
        </p>
      ) : null}
      {naming ? (
        <form
          class="saved-search-new"
          onSubmit={(e) => {
            e.preventDefault()
            if (!name.trim()) return
            void act(
              async () => {
                await post('/api/v1/saved-searches', { name: name.trim(), query })
                setNaming(false)
                setName('')
              },
              t('saved.savedOne', { name: name.trim() })
            )
          }}
        >
          <Field label={t('saved.name')}>
            {({ id }) => (
              <input
                id={id}
                name="savedName"
                dir="auto"
                maxLength={120}
                required
                value={name}
                onInput={(e) => setName((e.currentTarget as HTMLInputElement).value)}
              />
            )}
          </Field>
          <p class="actions">
            <button type="submit" class="button primary" disabled={busy || !name.trim()}>
              {t('saved.save')}
            </button>{' '}
            <button type="button" class="button secondary" onClick={() => setNaming(false)}>
              {t('saved.cancel')}
            </button>
          </p>
        </form>
      ) : (
        <p class="actions">
          <button type="button" class="button secondary" onClick={() => setNaming(true)}>
            {t('saved.saveThis')}
          </button>
        </p>
      )}
      {items === null ? null : items.length === 0 ? (
        <p class="saved-search-empty">{t('saved.none')}</p>
      ) : (
        <ul class="saved-search-list">
          {items.map((s) => (
            <li key={s.id} class="saved-search">
              {renaming?.id === s.id ? (
                <form
                  onSubmit={(e) => {
                    e.preventDefault()
                    const next = renaming.name.trim()
                    if (!next) return
                    void act(
                      async () => {
                        await patch(`/api/v1/saved-searches/${s.id}`, { name: next })
                        setRenaming(null)
                      },
                      t('saved.renamedOne', { name: next })
                    )
                  }}
                >
                  <Field label={t('saved.newName')}>
                    {({ id }) => (
                      <input
                        id={id}
                        dir="auto"
                        maxLength={120}
                        required
                        value={renaming.name}
                        onInput={(e) => setRenaming({ id: s.id, name: (e.currentTarget as HTMLInputElement).value })}
                      />
                    )}
                  </Field>
                  <button type="submit" class="button primary small" disabled={busy}>
                    {t('saved.rename')}
                  </button>{' '}
                  <button type="button" class="button secondary small" onClick={() => setRenaming(null)}>
                    {t('saved.cancel')}
                  </button>
                </form>
              ) : (
                <>
                  <button
                    type="button"
                    class="link-button saved-search-open"
                    aria-current={s.query === query ? 'true' : undefined}
                    onClick={() => navigate(`/incidents${s.query ? `?${s.query}` : ''}`, { replace: true })}
                  >
                    <span dir="auto">{s.name}</span>
                  </button>{' '}
                  <button
                    type="button"
                    class="button secondary small"
                    aria-label={t('saved.renameNamed', { name: s.name })}
                    onClick={() => setRenaming({ id: s.id, name: s.name })}
                  >
                    {t('saved.rename')}
                  </button>{' '}
                  <button
                    type="button"
                    class="button secondary small"
                    aria-label={t('saved.deleteNamed', { name: s.name })}
                    disabled={busy}
                    onClick={() => {
                      if (window.confirm(t('saved.confirmDelete', { name: s.name })))
                        void act(() => del(`/api/v1/saved-searches/${s.id}`), t('saved.deletedOne', { name: s.name }))
                    }}
                  >
                    {t('saved.delete')}
                  </button>
                </>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}
