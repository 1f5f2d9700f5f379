import type { JSX } from 'preact'
import { useEffect, useState } from 'preact/hooks'
import type { ContextAssessment, PatternInput, PatternScale } from '../../../server/types/schemas.ts'
import { useApp } from '../context.ts'
import { api, get, post } from '../api.ts'
import { Alert, ErrorBox, Field, Instant, Link, LoadError, Loading, Num, PageTitle } from '../components/ui.tsx'
import { Actor } from '../components/actor.tsx'
import type { MessageKey } from '../i18n/index.ts'
import { can } from '../permissions.ts'

/** The closed lists of schemas/context-assessment.json and pattern-input.json. */
const ELEMENTS = [
  'attack-on-civilian-population',
  'widespread-or-systematic',
  'state-or-organisational-policy',
  'part-of-the-attack',
  'knowledge-of-the-attack'
] as const
const STATUSES = ['not-assessed', 'alleged', 'partly-supported', 'supported', 'not-supported'] as const
const ORG_TYPES = ['de-facto-authorities', 'state-agent', 'armed-group', 'militia', 'unknown'] as const

type Pattern = PatternInput & { id: string; reference: string; revision: number }
type Member = { id: string; reference: string; title: string; province: string; from: string; to: string }
type PatternView = Pattern & { context: ContextAssessment[]; members: Member[]; scale: PatternScale }

/** The patterns: the list, and a form to record a new one. */
export function PatternsPage(): JSX.Element {
  const { t, session, navigate } = useApp()
  const [items, setItems] = useState<Pattern[] | null>(null)
  const [error, setError] = useState<unknown>(null)
  const [attempt, setAttempt] = useState(0)
  useEffect(() => {
    setError(null)
    get<{ items: Pattern[] }>('/api/v1/patterns')
      .then((r) => setItems(r.items))
      .catch(setError)
  }, [attempt])
  return (
    <section>
      <PageTitle>{t('patterns.title')}</PageTitle>
      <p class="hint">{t('patterns.explain')}</p>
      {error !== null && items === null ? (
        <LoadError what={t('patterns.loadFailed')} error={error} onRetry={() => setAttempt((n) => n + 1)} />
      ) : items === null ? (
        <Loading />
      ) : items.length === 0 ? (
        <p>{t('patterns.none')}</p>
      ) : (
        <ul class="pattern-list">
          {items.map((p) => (
            <li key={p.id}>
              <Link href={`/patterns/${p.id}`}>
                <span dir="ltr">{p.reference}</span> · <span dir="auto">{p.title}</span>
              </Link>
            </li>
          ))}
        </ul>
      )}
      {can(session?.role, 'incident:write') ? (
        <PatternForm onSaved={(p) => navigate(`/patterns/${p.id}`)} submitLabel={t('patterns.create')} />
      ) : null}
    </section>
  )
}

/** Title, description and attacking organisation: a new pattern (POST) or a new revision (PUT). */
function PatternForm(props: { initial?: Pattern; onSaved: (p: Pattern) => void; submitLabel: string }): JSX.Element {
  const { t } = useApp()
  const [title, setTitle] = useState(props.initial?.title ?? '')
  const [description, setDescription] = useState(props.initial?.description ?? '')
  const [orgType, setOrgType] = useState<string>(props.initial?.attackingOrganisation?.type ?? '')
  const [orgName, setOrgName] = useState(props.initial?.attackingOrganisation?.name ?? '')
  const [error, setError] = useState<unknown>(null)
  const [busy, setBusy] = useState(false)

  async function submit(e: Event): Promise<void> {
    e.preventDefault()
    setBusy(true)
    setError(null)
    const { id: _id, reference: _r, revision: _v, ...rest } = props.initial ?? ({} as Partial<Pattern>)
    const body: PatternInput = {
      ...(rest as Partial<PatternInput>),
      title,
      description,
      ...(orgType === ''
        ? {}
        : {
            attackingOrganisation: {
              type: orgType as (typeof ORG_TYPES)[number],
              ...(orgName.trim() === '' ? {} : { name: orgName.trim() })
            }
          })
    }
    if (orgType === '') delete body.attackingOrganisation
    for (const k of ['createdAt', 'updatedAt', 'context', 'members', 'scale']) delete (body as unknown as Record<string, unknown>)[k]
    try {
      const saved = props.initial
        ? await api<Pattern>('PUT', `/api/v1/patterns/${props.initial.id}`, body)
        : await post<Pattern>('/api/v1/patterns', body)
      props.onSaved(saved)
    } catch (err) {
      setError(err)
    } finally {
      setBusy(false)
    }
  }

  return (
    <form class="card pattern-form" onSubmit={(e) => void submit(e)}>
      <h2>{props.initial ? t('patterns.organisation') : t('patterns.new')}</h2>
      <ErrorBox error={error} />
      <Field label={t('patterns.titleField')} required>
        {({ id }) => <input id={id} name="title" dir="auto" value={title} required onInput={(e) => setTitle(e.currentTarget.value)} />}
      </Field>
      <Field label={t('patterns.description')} required>
        {({ id }) => (
          <textarea
            id={id}
            name="description"
            dir="auto"
            value={description}
            required
            onInput={(e) => setDescription(e.currentTarget.value)}
          />
        )}
      </Field>
      <Field label={t('patterns.organisationType')}>
        {({ id }) => (
          <select id={id} name="orgType" value={orgType} onChange={(e) => setOrgType(e.currentTarget.value)}>
            <option value="">—</option>
            {ORG_TYPES.map((o) => (
              <option key={o} value={o}>
                {t(`orgType.${o}` as MessageKey)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label={t('patterns.organisationName')}>
        {({ id }) => <input id={id} name="orgName" dir="auto" value={orgName} onInput={(e) => setOrgName(e.currentTarget.value)} />}
      </Field>
      <button type="submit" disabled={busy}>
        {props.submitLabel}
      </button>
    </form>
  )
}

function counts(map: Record<string, number | undefined>, prefix: 'sex' | 'ageGroup', t: ReturnType<typeof useApp>['t']): JSX.Element {
  const entries = Object.entries(map).filter((e): e is [string, number] => e[1] !== undefined)
  if (entries.length === 0) return <>—</>
  return (
    <>
      {entries.map(([k, n], i) => (
        <span key={k}>
          {i > 0 ? '، ' : ''}
          {t(`${prefix}.${k}` as MessageKey)} <Num n={n} />
        </span>
      ))}
    </>
  )
}

/** One pattern: its attacking organisation, contextual elements (assessed here), members and scale. */
export function PatternScreen(props: { id: string }): JSX.Element {
  const { t, session, ref, lang } = useApp()
  const [view, setView] = useState<PatternView | null>(null)
  const [error, setError] = useState<unknown>(null)
  const [attempt, setAttempt] = useState(0)
  const [notice, setNotice] = useState('')
  useEffect(() => {
    setError(null)
    get<PatternView>(`/api/v1/patterns/${props.id}`).then(setView).catch(setError)
  }, [props.id, attempt])
  const reload = (): void => setAttempt((n) => n + 1)
  const canWrite = can(session?.role, 'incident:write')
  if (view === null)
    return (
      <section>
        <PageTitle>{t('patterns.title')}</PageTitle>
        {error !== null ? <LoadError what={t('patterns.loadOneFailed')} error={error} onRetry={reload} /> : <Loading />}
      </section>
    )
  const assessed = new Map(view.context.map((c) => [c.element, c]))
  const province = (code: string): string => ref?.provinceByCode.get(code)?.[lang] ?? code
  return (
    <section>
      <p class="breadcrumb">
        <Link href="/patterns">{t('patterns.title')}</Link>
      </p>
      <PageTitle>
        <span dir="ltr">{view.reference}</span> · <span dir="auto">{view.title}</span>
      </PageTitle>
      {notice ? <Alert kind="success">{notice}</Alert> : null}
      <p dir="auto">{view.description}</p>
      <dl class="facts card">
        <dt>{t('patterns.organisation')}</dt>
        <dd class="pattern-organisation">
          {view.attackingOrganisation ? (
            <>
              {t(`orgType.${view.attackingOrganisation.type}` as MessageKey)}
              {view.attackingOrganisation.name ? <span dir="auto"> — {view.attackingOrganisation.name}</span> : null}
            </>
          ) : (
            '—'
          )}
        </dd>
      </dl>

      <h2>{t('patterns.context')}</h2>
      <p class="hint">{t('patterns.contextExplain')}</p>
      <ul class="context-elements">
        {ELEMENTS.map((el) => (
          <ContextRow
            key={el}
            patternId={view.id}
            element={el}
            current={assessed.get(el)}
            canWrite={canWrite}
            onSaved={() => {
              setNotice(t('patterns.assessed'))
              reload()
            }}
          />
        ))}
      </ul>

      <h2>{t('patterns.scale')}</h2>
      <p class="hint">{t('patterns.scaleExplain')}</p>
      <dl class="facts card pattern-scale">
        <dt>{t('patterns.incidentCount')}</dt>
        <dd>
          <Num n={view.scale.incidents} />
        </dd>
        <dt>{t('patterns.victims')}</dt>
        <dd>
          <Num n={view.scale.victims} />
        </dd>
        <dt>{t('patterns.bySex')}</dt>
        <dd class="scale-sex">{counts(view.scale.victimsBySex, 'sex', t)}</dd>
        <dt>{t('patterns.byAge')}</dt>
        <dd class="scale-age">{counts(view.scale.victimsByAgeGroup, 'ageGroup', t)}</dd>
        <dt>{t('patterns.provinces')}</dt>
        <dd class="scale-provinces">{view.scale.provinces.length === 0 ? '—' : view.scale.provinces.map(province).join('، ')}</dd>
        <dt>{t('patterns.period')}</dt>
        <dd dir="ltr">{view.scale.period ? `${view.scale.period.from} – ${view.scale.period.to}` : '—'}</dd>
      </dl>

      <h2>{t('patterns.members')}</h2>
      {view.members.length === 0 ? (
        <p>{t('patterns.noMembers')}</p>
      ) : (
        <ul class="pattern-members">
          {view.members.map((m) => (
            <li key={m.id}>
              <Link href={`/incidents/${m.id}`}>
                <span dir="ltr">{m.reference}</span> · <span dir="auto">{m.title}</span>
              </Link>{' '}
              <span class="hint">
                {province(m.province)} · <span dir="ltr">{m.from === m.to ? m.from : `${m.from} – ${m.to}`}</span>
              </span>
            </li>
          ))}
        </ul>
      )}
      {canWrite ? (
        <PatternForm
          initial={view}
          submitLabel={t('patterns.save')}
          onSaved={() => {
            setNotice(t('patterns.saved'))
            reload()
          }}
        />
      ) : null}
    </section>
  )
}

/** One contextual element: its status as assessed (with assessor and date), and a form to assess it again. */
function ContextRow(props: {
  patternId: string
  element: (typeof ELEMENTS)[number]
  current: ContextAssessment | undefined
  canWrite: boolean
  onSaved: () => void
}): JSX.Element {
  const { t } = useApp()
  const [status, setStatus] = useState<string>(props.current?.status ?? 'not-assessed')
  const [exhibits, setExhibits] = useState((props.current?.evidenceIds ?? []).join('\n'))
  const [error, setError] = useState<unknown>(null)
  const [busy, setBusy] = useState(false)
  useEffect(() => {
    setStatus(props.current?.status ?? 'not-assessed')
    setExhibits((props.current?.evidenceIds ?? []).join('\n'))
  }, [props.current?.id])

  async function save(e: Event): Promise<void> {
    e.preventDefault()
    setBusy(true)
    setError(null)
    try {
      const evidenceIds = exhibits
        .split(/\s+/)
        .map((x) => x.trim())
        .filter((x) => x !== '')
      await api('PUT', `/api/v1/patterns/${props.patternId}/context/${props.element}`, { status, evidenceIds })
      props.onSaved()
    } catch (err) {
      setError(err)
    } finally {
      setBusy(false)
    }
  }

  const c = props.current
  return (
    <li class="card context-element" data-element={props.element}>
      <h3>{t(`context.${props.element}` as MessageKey)}</h3>
      <p class="context-status">
        <strong>{t(`element.${c?.status ?? 'not-assessed'}` as MessageKey)}</strong>{' '}
        {c?.assessor && c.assessedAt ? (
          <span class="hint">
            <Actor actor={c.assessor} /> · <Instant value={c.assessedAt} />
          </span>
        ) : (
          <span class="hint">{t('patterns.notAssessedYet')}</span>
        )}
      </p>
      {props.canWrite ? (
        <form onSubmit={(e) => void save(e)}>
          <ErrorBox error={error} />
          <Field label={t('patterns.status')}>
            {({ id }) => (
              <select id={id} name="status" value={status} onChange={(e) => setStatus(e.currentTarget.value)}>
                {STATUSES.map((s) => (
                  <option key={s} value={s}>
                    {t(`element.${s}` as MessageKey)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label={t('patterns.exhibits')}>
            {({ id }) => (
              <textarea
                id={id}
                name="evidenceIds"
                dir="ltr"
                rows={2}
                value={exhibits}
                onInput={(e) => setExhibits(e.currentTarget.value)}
              />
            )}
          </Field>
          <button type="submit" disabled={busy}>
            {t('patterns.assess')}
          </button>
        </form>
      ) : null}
    </li>
  )
}
