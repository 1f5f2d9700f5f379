import type { JSX } from 'preact'
import { useApp } from '../context.ts'
import type { CustodyAnswer, CustodyCheck } from '../lib/custody-check.ts'
import { Badge, Instant, Mono, Num } from './ui.tsx'
import { Actor } from './actor.tsx'
import type { MessageKey } from '../i18n/index.ts'

const DETAIL_KEYS = [
  'incident',
  'variant',
  'purpose',
  'mediaType',
  'size',
  'declaredSha256Matched',
  'copySha256',
  'method',
  'recipient',
  'case',
  'dossier'
] as const

/** The custody events of an item, oldest first, each with the result of its in-browser proof check. */
export function CustodyTimeline(props: { custody: CustodyAnswer; check: CustodyCheck | null }): JSX.Element {
  const { t } = useApp()
  const byIndex = new Map((props.check?.items ?? []).map((i) => [i.index, i]))
  return (
    <ol class="timeline">
      {[...props.custody.items]
        .sort((a, b) => a.index - b.index)
        .map((item) => {
          const e = item.entry as { type?: string; time?: string; actor?: string; details?: Record<string, unknown> }
          const check = byIndex.get(item.index)
          const details = e.details ?? {}
          return (
            <li key={item.index} class="timeline-item">
              <p class="timeline-head">
                <strong>{typeLabel(t(`custodyType.${e.type ?? 'unknown'}` as MessageKey), e.type)}</strong>{' '}
                <span class="secondary">
                  {t('custody.entry')} <span dir="ltr">#{item.index}</span>
                </span>
              </p>
              <p class="meta">
                <Instant value={e.time} /> · {t('custody.by')} <Actor actor={e.actor} />
              </p>
              <ul class="details">
                {DETAIL_KEYS.filter((k) => details[k] !== undefined).map((k) => (
                  <li key={k}>
                    {t(`custodyDetail.${k}` as MessageKey)}:{' '}
                    {k === 'declaredSha256Matched' ? (
                      details[k] === true ? (
                        t('common.yes')
                      ) : (
                        t('common.no')
                      )
                    ) : k === 'size' && typeof details[k] === 'number' ? (
                      <Num n={details[k]} />
                    ) : (
                      <Mono>{String(details[k])}</Mono>
                    )}
                  </li>
                ))}
              </ul>
              <p class="proof-line">
                {!check ? (
                  <Badge>{t('custody.checking')}</Badge>
                ) : check.included ? (
                  <Badge kind="ok">{t('custody.included', { size: props.custody.size })}</Badge>
                ) : (
                  <Badge kind="error" title={check.problem ?? ''}>
                    {t('custody.notIncluded')}
                  </Badge>
                )}
                {check && !check.included && check.problem ? (
                  <>
                    {' '}
                    <span class="problem" dir="ltr">
                      {check.problem}
                    </span>
                  </>
                ) : null}
              </p>
              <details class="raw">
                <summary>{t('custody.raw')}</summary>
                <pre dir="ltr">{JSON.stringify(item.entry, null, 2)}</pre>
                <p>
                  {t('custody.leaf')} <Mono>{item.leafHash}</Mono>
                </p>
              </details>
            </li>
          )
        })}
    </ol>
  )
}

function typeLabel(translated: string, type: string | undefined): string {
  return translated.startsWith('custodyType.') ? (type ?? '') : translated
}
