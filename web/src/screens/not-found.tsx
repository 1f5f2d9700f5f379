import type { JSX } from 'preact'
import { useApp } from '../context.ts'
import { Link, PageTitle } from '../components/ui.tsx'

export function NotFound(props: { forbidden?: boolean }): JSX.Element {
  const { t } = useApp()
  return (
    <section class="card">
      <PageTitle>{props.forbidden ? t('notFound.forbiddenTitle') : t('notFound.title')}</PageTitle>
      <p>{props.forbidden ? t('notFound.forbidden') : t('notFound.text')}</p>
      <p>
        <Link href="/">{t('nav.dashboard')}</Link>
      </p>
    </section>
  )
}
