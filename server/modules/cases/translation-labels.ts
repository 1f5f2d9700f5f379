import type { DossierLanguage } from './labels.ts'

/**
 * Translations and transcripts in the dossier (#17 item 6): the names of the languages a link
 * records and the sentence that sets a translation beside its original — "E5 — Dari original;
 * E6 — English translation of E5 by TR-03 (human, certified), reviewed by RV-01, 2024-03-02" — in
 * the dossier's language. A tag no name is known for is printed as the tag (a BCP 47 code).
 */

/** A translation or transcript as the snapshot holds it (from its `transcribed-or-translated` event). */
export type Rendering = {
  /** This exhibit's number in the dossier. */
  number: string
  kind: string
  /** The original's number in this dossier; absent when the original is not in it. */
  original?: string
  sourceLanguage: string
  targetLanguage: string
  method?: string
  certification?: string
  by?: string
  reviewedBy?: string
  date: string
}

type Words = {
  languages: Record<string, string>
  kinds: Record<string, string>
  methods: Record<string, string>
  certifications: Record<string, string>
  heading: string
  related: string
  notInDossier: string
  original: (language: string) => string
  rendering: (r: {
    kind: string
    language: string
    original: string
    by?: string
    how: string
    reviewedBy?: string
    date: string
  }) => string
  list: string
}

const WORDS: Record<DossierLanguage, Words> = {
  en: {
    languages: {
      fa: 'Dari',
      prs: 'Dari',
      'fa-AF': 'Dari',
      'fa-IR': 'Persian',
      ps: 'Pashto',
      en: 'English',
      ar: 'Arabic',
      ur: 'Urdu',
      uz: 'Uzbek',
      tk: 'Turkmen',
      fr: 'French',
      ru: 'Russian',
      de: 'German'
    },
    kinds: { translation: 'translation', transcript: 'transcript', 'transcript-and-translation': 'transcript and translation' },
    methods: { human: 'human', 'machine-assisted': 'with machine assistance' },
    certifications: { certified: 'certified', informal: 'informal' },
    heading: 'Translations and transcripts',
    related: 'Original and translations',
    notInDossier: 'an exhibit not in this dossier',
    original: (language) => `${language} original`,
    rendering: (r) =>
      `${r.language} ${r.kind} of ${r.original}${r.by === undefined ? '' : ` by ${r.by}`} (${r.how})${r.reviewedBy === undefined ? '' : `, reviewed by ${r.reviewedBy}`}, ${r.date}`,
    list: 'Each translation or transcript is listed beside its original; the original is the evidence, the translation a working aid unless certified.'
  },
  fa: {
    languages: {
      fa: 'دری',
      prs: 'دری',
      'fa-AF': 'دری',
      'fa-IR': 'فارسی',
      ps: 'پشتو',
      en: 'انگلیسی',
      ar: 'عربی',
      ur: 'اردو',
      uz: 'ازبکی',
      tk: 'ترکمنی',
      fr: 'فرانسوی',
      ru: 'روسی',
      de: 'آلمانی'
    },
    kinds: { translation: 'ترجمه', transcript: 'رونوشت', 'transcript-and-translation': 'رونوشت و ترجمه' },
    methods: { human: 'توسط انسان', 'machine-assisted': 'با کمک ماشین' },
    certifications: { certified: 'تصدیق‌شده', informal: 'غیررسمی' },
    heading: 'ترجمه‌ها و رونوشت‌ها',
    related: 'اصل و ترجمه‌ها',
    notInDossier: 'مدرکی که در این دوسیه نیست',
    original: (language) => `اصل به زبان ${language}`,
    rendering: (r) =>
      `${r.kind} به زبان ${r.language} از ${r.original}${r.by === undefined ? '' : ` توسط ${r.by}`} (${r.how})${r.reviewedBy === undefined ? '' : `، بازبینی‌شده توسط ${r.reviewedBy}`}، ${r.date}`,
    list: 'هر ترجمه یا رونوشت در کنار اصل آن آمده است؛ مدرک، اصل است و ترجمه تنها برای کمک، مگر آن‌که تصدیق‌شده باشد.'
  },
  ps: {
    languages: {
      fa: 'دري',
      prs: 'دري',
      'fa-AF': 'دري',
      'fa-IR': 'فارسي',
      ps: 'پښتو',
      en: 'انګلیسي',
      ar: 'عربي',
      ur: 'اردو',
      uz: 'ازبکي',
      tk: 'ترکمني',
      fr: 'فرانسوي',
      ru: 'روسي',
      de: 'الماني'
    },
    kinds: { translation: 'ژباړه', transcript: 'لیکلی متن', 'transcript-and-translation': 'لیکلی متن او ژباړه' },
    methods: { human: 'د انسان له خوا', 'machine-assisted': 'د ماشین په مرسته' },
    certifications: { certified: 'تصدیق شوې', informal: 'غیر رسمي' },
    heading: 'ژباړې او لیکلي متنونه',
    related: 'اصل او ژباړې',
    notInDossier: 'داسې سند چې په دې دوسیه کې نشته',
    original: (language) => `په ${language} ژبه اصل`,
    rendering: (r) =>
      `د ${r.original} ${r.kind} په ${r.language} ژبه${r.by === undefined ? '' : `، د ${r.by} له خوا`} (${r.how})${r.reviewedBy === undefined ? '' : `، د ${r.reviewedBy} له خوا بیاکتل شوې`}، ${r.date}`,
    list: 'هره ژباړه یا لیکلی متن د خپل اصل تر څنګ راغلی؛ سند اصل دی او ژباړه یوازې د مرستې لپاره ده، مګر دا چې تصدیق شوې وي.'
  }
}

export function translationWords(lang: DossierLanguage): Pick<Words, 'heading' | 'related' | 'list'> {
  return WORDS[lang]
}

/** A language tag's name in the dossier's language (whole tag first, then its primary subtag; else the tag). */
export function languageName(tag: string, lang: DossierLanguage): string {
  const names = WORDS[lang].languages
  return names[tag] ?? names[tag.split('-')[0]?.toLowerCase() ?? ''] ?? tag
}

/** "E5 — Dari original". */
export function originalLine(number: string, language: string, lang: DossierLanguage): string {
  return `${number} — ${WORDS[lang].original(languageName(language, lang))}`
}

/** "E6 — English translation of E5 by TR-03 (human, certified), reviewed by RV-01, 2024-03-02". */
export function renderingLine(r: Rendering, lang: DossierLanguage): string {
  const W = WORDS[lang]
  const how = [
    r.method === undefined ? undefined : (W.methods[r.method] ?? r.method),
    r.certification === undefined ? undefined : (W.certifications[r.certification] ?? r.certification)
  ]
    .filter((x) => x !== undefined)
    .join(lang === 'en' ? ', ' : '، ')
  return `${r.number} — ${W.rendering({
    kind: W.kinds[r.kind] ?? r.kind,
    language: languageName(r.targetLanguage, lang),
    original: r.original ?? W.notInDossier,
    ...(r.by === undefined ? {} : { by: r.by }),
    how,
    ...(r.reviewedBy === undefined ? {} : { reviewedBy: r.reviewedBy }),
    date: r.date
  })}`
}

/**
 * The lines that set an exhibit beside its translations (on the original) or its original (on a
 * translation): "E5 — Dari original; E6 — English translation of E5 by TR-03 …".
 */
export function relatedLines(number: string, renderings: readonly Rendering[], lang: DossierLanguage): string[] {
  const own = renderings.find((r) => r.number === number)
  const originalNumber = own?.original ?? number
  const family = renderings.filter((r) => r.original === originalNumber)
  if (own === undefined && family.length === 0) return []
  const first =
    own !== undefined && own.original === undefined ? [] : [originalLine(originalNumber, (own ?? family[0])?.sourceLanguage ?? '', lang)]
  const lines = [...first, ...family.map((r) => renderingLine(r, lang))]
  if (own !== undefined && own.original === undefined) lines.push(renderingLine(own, lang))
  return lines
}
