/**
 * The draft notice to a recipient when a person withdraws consent a delivered dossier relied on (#18
 * item 6): pure text from ids, codes and dates, in the dossier's language. It names the person only by
 * the pseudonym the dossier used — the recipient knows who that is, and the notice may be forwarded.
 */

export type NoticeLanguage = 'en' | 'fa' | 'ps'
export type WithdrawnConsent = 'purpose' | 'storage' | 'image'

export type NoticeInput = {
  language: NoticeLanguage
  /** The case reference (or id when it has none) and the dossier's id, as printed on the dossier. */
  caseReference: string
  dossierId: string
  /** ISO date of the (latest) delivery. */
  deliveredOn: string
  pseudonym: string
  consent: WithdrawnConsent
}

const TEXT: Record<
  NoticeLanguage,
  { subject: string; body: string; consent: Record<WithdrawnConsent, string>; asks: string[]; close: string }
> = {
  en: {
    subject: 'Subject: consent withdrawn — case {case}, dossier {dossier} delivered on {date}',
    body: 'The person referred to as {pseudonym} in the dossier we delivered to you on {date} has withdrawn their consent to {consent}.',
    consent: {
      purpose: 'the use of their identity and statements by your office',
      storage: 'the keeping of their personal data',
      image: 'the use of images in which they can be recognised'
    },
    asks: [
      'We ask you to stop any further use or disclosure of the material concerned beyond what your legal obligations require,',
      'to restrict access to it within your office, and',
      'to confirm in writing what has been done.'
    ],
    close: 'A corrected dossier will follow if you need one.'
  },
  fa: {
    subject: 'موضوع: پس‌گرفتن رضایت — قضیه {case}، دوسیهٔ {dossier} تحویل‌شده در {date}',
    body: 'شخصی که در دوسیهٔ تحویل‌شده به شما در {date} با نام مستعار {pseudonym} آمده است، رضایت خود را برای {consent} پس گرفته است.',
    consent: {
      purpose: 'استفادهٔ دفتر شما از هویت و اظهارات او',
      storage: 'نگهداری اطلاعات شخصی او',
      image: 'استفاده از تصاویری که او در آن‌ها شناخته می‌شود'
    },
    asks: [
      'از شما خواهش می‌کنیم جز آنچه تعهدات قانونی‌تان ایجاب می‌کند، از هرگونه استفاده یا افشای بیشتر مواد مربوط خودداری کنید،',
      'دسترسی به آن را در دفتر خود محدود کنید، و',
      'اقدامات انجام‌شده را کتباً تأیید کنید.'
    ],
    close: 'در صورت نیاز، دوسیهٔ اصلاح‌شده فرستاده خواهد شد.'
  },
  ps: {
    subject: 'موضوع: د رضايت بېرته اخيستل — قضيه {case}، دوسیه {dossier} چې په {date} وسپارل شوه',
    body: 'هغه کس چې په {date} تاسو ته سپارل شوې دوسیه کې د {pseudonym} په مستعار نوم راغلی، د {consent} لپاره خپله رضايت بېرته اخيستې ده.',
    consent: {
      purpose: 'ستاسو د دفتر له خوا د هغه د هويت او بيانونو کارولو',
      storage: 'د هغه د شخصي معلوماتو ساتلو',
      image: 'د هغو انځورونو کارولو چې هغه پکې پېژندل کېږي'
    },
    asks: [
      'له تاسو غوښتنه کوو چې له هغه پرته چې ستاسو قانوني مکلفيتونه يې غواړي، د اړوندو موادو له نور کارولو يا افشا کولو ډډه وکړئ،',
      'په خپل دفتر کې ورته لاسرسی محدود کړئ، او',
      'هغه څه چې ترسره شوي په ليکلي ډول تاييد کړئ.'
    ],
    close: 'که اړتيا وي، سمه شوې دوسیه به درولېږل شي.'
  }
}

function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (_, k: string) => values[k] ?? `{${k}}`)
}

/** The notice as plain text, ready to be copied into a letter or message. */
export function draftConsentNotice(input: NoticeInput): string {
  const text = TEXT[input.language]
  const values = {
    case: input.caseReference,
    dossier: input.dossierId.slice(0, 8),
    date: input.deliveredOn,
    pseudonym: input.pseudonym,
    consent: text.consent[input.consent]
  }
  return [fill(text.subject, values), '', fill(text.body, values), '', ...text.asks, '', text.close, ''].join('\n')
}
