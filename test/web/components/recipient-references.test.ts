// The recipient's reference numbers on the case screen (#17 item 7; test/web/component-harness.ts):
// the current ones from the server, pasted lines or a CSV file read in the browser, a preview of what
// will be sent, lines that cannot be read named by number (and nothing sent), the server's refusals
// in the reader's language. Every request is scripted.
import t from 'tap'
import { en } from '../../../web/src/i18n/en.ts'
import { fa } from '../../../web/src/i18n/fa.ts'
import { requireTool } from '../../helpers/system-tools.ts'
import { apiError, launch, screenPage } from '../component-harness.ts'

const CASE_ID = '0190a2b4-0000-7000-8000-000000000001'
const PATH = `/api/v1/cases/${CASE_ID}/recipient-references`
const GET = `GET ${PATH}`
const PUT = `PUT ${PATH}`
const LEGAL_EN = { lang: 'en', role: 'legal', username: 'legal1' } as const
const LEGAL_FA = { lang: 'fa', role: 'legal', username: 'legal1' } as const
const ref = (exhibitId: string, reference: string, ledgerIndex = 7) => ({
  exhibitId,
  reference,
  importedAt: '2026-02-01T10:00:00.000Z',
  importedBy: 'legal1',
  ledgerIndex
})
const current = (references: ReturnType<typeof ref>[], imports = references.length === 0 ? 0 : 1) => ({
  caseId: CASE_ID,
  imports,
  references
})
const dariDigits = (n: number): string => String(n).replace(/\d/g, (d) => '۰۱۲۳۴۵۶۷۸۹'[Number(d)]!)

t.test("the recipient's reference numbers on the case screen", async (t) => {
  if (!requireTool(t, 'chromium')) return
  const browser = await launch(t)

  t.test('shows the current references, previews pasted lines and imports them as typed', async (t) => {
    const s = await screenPage(t, browser)
    s.answer(GET, { body: current([ref('SND-E-2026-000001', 'OTP-0001-0001')]) })
    s.answer(PUT, {
      body: current([ref('SND-E-2026-000001', 'OTP-0001-0001'), ref('SND-E-2026-000002', 'ICC-01/04 0002', 8)], 2)
    })
    await s.mount('recipient-references', { caseId: CASE_ID }, LEGAL_EN)
    await s.waitFor('.recipient-refs-current tbody tr')
    t.match(await s.text('.recipient-refs-current'), 'OTP-0001-0001')
    const button = s.page.getByRole('button', { name: en['recipientRefs.import'].replace('{n}', '0') })
    t.ok(await button.isDisabled(), 'nothing to send yet')
    await s.page.getByLabel(en['recipientRefs.paste']).fill('\nSND-E-2026-000002\tICC-01/04 0002\n')
    await s.waitFor('.recipient-refs-preview tbody tr')
    t.same(await s.page.locator('.recipient-refs-preview tbody tr').allInnerTexts(), ['2\tSND-E-2026-000002\tICC-01/04 0002'])
    await s.page.getByRole('button', { name: en['recipientRefs.import#one'].replace('{n}', '1') }).click()
    await s.page.locator('.recipient-refs-current tbody tr', { hasText: 'SND-E-2026-000002' }).waitFor()
    t.same(s.bodies[PUT], [{ source: 'paste', references: [{ exhibitId: 'SND-E-2026-000002', reference: 'ICC-01/04 0002' }] }])
    t.equal(await s.page.getByLabel(en['recipientRefs.paste']).inputValue(), '', 'the form is emptied')
    t.same((await s.recorded()).announcements, [en['recipientRefs.imported#one'].replace('{n}', '1')])
    t.same(s.requests, [GET, PUT])
    t.same(s.problems, [])
  })

  t.test('a line that cannot be read is named by its number in Dari and nothing is sent', async (t) => {
    const s = await screenPage(t, browser)
    s.answer(GET, { body: current([]) })
    await s.mount('recipient-references', { caseId: CASE_ID }, LEGAL_FA)
    await s.waitFor('.recipient-refs-none')
    t.equal(await s.text('.recipient-references h2'), fa['recipientRefs.title'])
    t.equal(await s.text('.recipient-refs-none'), fa['recipientRefs.none'])
    await s.page
      .getByLabel(fa['recipientRefs.paste'])
      .fill('SND-E-2026-000001, OTP-1\nE-12 OTP-2\nSND-E-2026-000001 OTP-3\nSND-E-2026-000004 OTP-4')
    await s.waitFor('.recipient-refs-problems li')
    const problems = await s.page.locator('.recipient-refs-problems li').allInnerTexts()
    t.equal(problems.length, 2)
    t.match(problems[0], fa['recipientRefs.line'].replace('{n}', dariDigits(2)))
    t.match(problems[0], fa['recipientRefs.problem.format'])
    t.match(problems[0], 'E-12 OTP-2', 'the line as given')
    t.match(problems[1], fa['recipientRefs.line'].replace('{n}', dariDigits(3)))
    t.match(problems[1], fa['recipientRefs.problem.duplicate'])
    const button = s.page.getByRole('button', { name: fa['recipientRefs.import'].replace('{n}', dariDigits(2)) })
    t.ok(await button.isDisabled(), 'the import waits until every line is read')
    await button.click({ force: true })
    await s.page.waitForTimeout(200)
    t.same(s.requests, [GET], 'nothing sent')
    t.same(s.problems, [])
  })

  t.test('a CSV file is read in the browser, its header skipped, and sent as from a file', async (t) => {
    const s = await screenPage(t, browser)
    s.answer(GET, { body: current([]) })
    s.answer(PUT, { body: current([ref('SND-E-2026-000001', 'ERN 12, part "b"'), ref('SND-E-2026-000002', 'ERN-13')]) })
    await s.mount('recipient-references', { caseId: CASE_ID }, LEGAL_EN)
    await s.waitFor('.recipient-refs-none')
    await s.page.getByLabel(en['recipientRefs.file']).setInputFiles({
      name: 'icc-erns.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from('\uFEFFexhibit_id,recipient_ref\r\nSND-E-2026-000001,"ERN 12, part ""b"""\r\nSND-E-2026-000002,ERN-13\r\n')
    })
    await s.waitFor('.recipient-refs-preview tbody tr')
    t.equal(await s.page.locator('.recipient-refs-preview tbody tr').count(), 2)
    t.match(await s.text('.recipient-refs-file'), 'icc-erns.csv')
    await s.page.getByRole('button', { name: en['recipientRefs.import'].replace('{n}', '2') }).click()
    await s.waitFor('.recipient-refs-current tbody tr')
    t.same(s.bodies[PUT], [
      {
        source: 'csv',
        references: [
          { exhibitId: 'SND-E-2026-000001', reference: 'ERN 12, part "b"' },
          { exhibitId: 'SND-E-2026-000002', reference: 'ERN-13' }
        ]
      }
    ])
    t.same(s.problems, [])
  })

  t.test("the server's refusal is shown in the reader's language and the lines stay to correct", async (t) => {
    for (const [lang, words] of [
      ['fa', fa],
      ['en', en]
    ] as const) {
      const s = await screenPage(t, browser)
      s.answer(GET, { body: current([]) })
      s.answer(PUT, apiError(400, 'SANAD_ERR_EXHIBIT_NOT_IN_CASE', 'SND-E-2026-000009 is not an exhibit of this case.'))
      await s.mount('recipient-references', { caseId: CASE_ID }, { lang, role: 'legal', username: 'legal1' })
      await s.waitFor('.recipient-refs-none')
      await s.page.getByLabel(words['recipientRefs.paste']).fill('SND-E-2026-000009\tOTP-9')
      await s.waitFor('.recipient-refs-preview tbody tr')
      await s.page.locator('.recipient-references button.primary').click()
      await s.waitFor('.recipient-references [role="alert"]')
      const alert = (await s.text('.recipient-references [role="alert"]')) ?? ''
      t.match(alert, words['error.SANAD_ERR_EXHIBIT_NOT_IN_CASE'], lang)
      if (lang === 'fa') t.notMatch(alert, 'is not an exhibit', 'not the English of the server')
      t.equal(await s.page.getByLabel(words['recipientRefs.paste']).inputValue(), 'SND-E-2026-000009\tOTP-9')
      t.equal(await s.page.locator('.recipient-refs-current').count(), 0, 'nothing imported')
      t.same(s.problems, [])
    }
  })

  t.test('need-to-know: a refusal for an exhibit the importer may not read says so', async (t) => {
    const s = await screenPage(t, browser)
    s.answer(GET, { body: current([]) })
    s.answer(PUT, apiError(403, 'SANAD_ERR_NEED_TO_KNOW'))
    await s.mount('recipient-references', { caseId: CASE_ID }, LEGAL_EN)
    await s.waitFor('.recipient-refs-none')
    await s.page.getByLabel(en['recipientRefs.paste']).fill('SND-E-2026-000003 X-1')
    await s.page.getByRole('button', { name: en['recipientRefs.import#one'].replace('{n}', '1') }).click()
    await s.waitFor('.recipient-references [role="alert"]')
    t.match(await s.text('.recipient-references [role="alert"]'), en['error.SANAD_ERR_NEED_TO_KNOW'])
  })
})
