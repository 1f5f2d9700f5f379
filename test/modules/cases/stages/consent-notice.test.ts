import t from 'tap'
import { draftConsentNotice, type NoticeInput } from '../../../../server/modules/cases/stages/consent-notice.ts'

const base: NoticeInput = {
  language: 'en',
  caseReference: 'SND-C-2026-000004',
  dossierId: '3f2a91c0-1111-4222-8333-944455556666',
  deliveredOn: '2026-11-20',
  pseudonym: 'W-0007',
  consent: 'purpose'
}

const cases: Array<{ name: string; input: Partial<NoticeInput>; has: RegExp[] }> = [
  {
    name: 'English, consent to the purpose',
    input: {},
    has: [
      /^Subject: consent withdrawn — case SND-C-2026-000004, dossier 3f2a91c0 delivered on 2026-11-20$/m,
      /W-0007/,
      /use of their identity/
    ]
  },
  { name: 'English, storage', input: { consent: 'storage' }, has: [/keeping of their personal data/] },
  { name: 'English, images', input: { consent: 'image' }, has: [/images in which they can be recognised/] },
  { name: 'Dari', input: { language: 'fa' }, has: [/^موضوع: پس‌گرفتن رضایت/m, /W-0007/, /هویت و اظهارات/, /2026-11-20/] },
  { name: 'Pashto', input: { language: 'ps', consent: 'image' }, has: [/^موضوع: د رضايت/m, /W-0007/, /انځورونو/] }
]

for (const c of cases) {
  t.test(`the draft notice: ${c.name}`, async (t) => {
    const text = draftConsentNotice({ ...base, ...c.input })
    for (const re of c.has) t.match(text, re)
    t.notMatch(text, /\{\w+\}/, 'every placeholder is filled')
  })
}

t.test('the Dari and Pashto notices carry no English words but the ids', async (t) => {
  for (const language of ['fa', 'ps'] as const) {
    const text = draftConsentNotice({ ...base, language })
    const latin = text.replace(/SND-C-2026-000004|3f2a91c0|2026-11-20|W-0007/g, '')
    t.notMatch(latin, /[A-Za-z]/, language)
  }
})
