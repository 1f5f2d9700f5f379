import { PROVINCES, TAXONOMY } from '../../../lib/context/afghan-context.ts'
import { nameKey } from '../../../lib/text/redact-names.ts'
import type { RedactedSnapshot } from './redacted-snapshot.ts'

/**
 * The "possible names left" review of a redacted snapshot. Pure. Redaction removes the names the
 * system knows; a name nobody recorded as a person ("his cousin Habibullah") is still there. Before a
 * restricted or public dossier is issued, the legal user is shown every word of its free text that
 * looks like a name, with a few words around it, and confirms (`namesReviewed: true`) or fixes the
 * records. It flags too much rather than too little: it is a reading aid, not a filter.
 *
 * A word is flagged when it is
 * - a capitalised Latin word of three letters or more that does not begin a sentence and is not a
 *   known word (place, category, month, common English word) or an acronym; or
 * - in any script, a common Afghan given name or name element (list below, compared by the folding
 *   search uses), since Arabic script has no capitals.
 */
export type PossibleName = { field: string; excerpt: string }

/** Common given names and name elements in Afghanistan, in Latin and Dari/Pashto spellings. */
export const COMMON_NAMES: readonly string[] = [
  'Mohammad',
  'Muhammad',
  'Mohammed',
  'Ahmad',
  'Ahmed',
  'Mahmood',
  'Mahmud',
  'Ali',
  'Hassan',
  'Hussain',
  'Hussein',
  'Abdul',
  'Abdullah',
  'Rahman',
  'Rahim',
  'Karim',
  'Habib',
  'Habibullah',
  'Nasrullah',
  'Hamid',
  'Hamidullah',
  'Gul',
  'Khan',
  'Shah',
  'Jan',
  'Noor',
  'Nur',
  'Zahra',
  'Fatima',
  'Fatema',
  'Maryam',
  'Marzia',
  'Zainab',
  'Masooma',
  'Nargis',
  'Farzana',
  'Shabana',
  'Parwin',
  'Parveen',
  'Roya',
  'Sima',
  'Malalai',
  'Malala',
  'Zarghuna',
  'Gulalai',
  'Fereshta',
  'Shukria',
  'Nazia',
  'Hamida',
  'Sakina',
  'Khadija',
  'Aisha',
  'Laila',
  'Nasrin',
  'Qari',
  'Mullah',
  'Mawlawi',
  'Haji',
  'Sayed',
  'Sayyid',
  'Agha',
  'Sultan',
  'Wali',
  'Faiz',
  'Nabi',
  'Naqib',
  'Najib',
  'Omar',
  'Umar',
  'Yusuf',
  'Yousuf',
  'Ibrahim',
  'Ismail',
  'Jawad',
  'Javid',
  'Bashir',
  'Nazir',
  'Qadir',
  'Zaher',
  'Zahir',
  'Farid',
  'Samiullah',
  'Ezatullah',
  'محمد',
  'احمد',
  'محمود',
  'علی',
  'حسن',
  'حسین',
  'عبد',
  'عبدالله',
  'رحمان',
  'رحیم',
  'کریم',
  'حبیب',
  'حبیب‌الله',
  'نصرالله',
  'حمید',
  'حمیدالله',
  'گل',
  'خان',
  'شاه',
  'جان',
  'نور',
  'زهرا',
  'فاطمه',
  'مریم',
  'مرضیه',
  'زینب',
  'معصومه',
  'نرگس',
  'فرزانه',
  'شبانه',
  'پروین',
  'رویا',
  'سیما',
  'ملالی',
  'ملاله',
  'زرغونه',
  'گلالۍ',
  'فرشته',
  'شکریه',
  'نازیه',
  'حمیده',
  'سکینه',
  'خدیجه',
  'عایشه',
  'لیلا',
  'نسرین',
  'قاری',
  'ملا',
  'مولوی',
  'حاجی',
  'سید',
  'آغا',
  'سلطان',
  'ولی',
  'فیض',
  'نبی',
  'نقیب',
  'نجیب',
  'عمر',
  'یوسف',
  'ابراهیم',
  'اسماعیل',
  'جواد',
  'جاوید',
  'بشیر',
  'نذیر',
  'قادر',
  'ظاهر',
  'فرید',
  'سمیع‌الله',
  'عزت‌الله'
]

// Capitalised words that are not names (beyond places and categories, which are read from the taxonomy).
const KNOWN_WORDS = [
  'The',
  'This',
  'That',
  'These',
  'Those',
  'His',
  'Her',
  'Their',
  'They',
  'She',
  'Him',
  'And',
  'But',
  'For',
  'With',
  'From',
  'After',
  'Before',
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
  'Monday',
  'Tuesday',
  'Wednesday',
  'Thursday',
  'Friday',
  'Saturday',
  'Sunday',
  'Afghanistan',
  'Afghan',
  'Taliban',
  'Islamic',
  'Emirate',
  'Article',
  'Rome',
  'Statute',
  'Court',
  'International',
  'Criminal',
  'United',
  'Nations',
  'Order',
  'Ministry',
  'General',
  'Directorate',
  'Intelligence',
  'Police',
  'Province',
  'District',
  'Hazara',
  'Hazaras',
  'Pashtun',
  'Pashtuns',
  'Tajik',
  'Tajiks',
  'Uzbek',
  'Uzbeks',
  'Shia',
  'Sunni',
  'Sikh',
  'Hindu',
  'Muslim',
  'Islam',
  'Dari',
  'Pashto',
  'English',
  'Persian',
  'Arabic',
  'Eid',
  'Ramadan'
]

let known: Set<string> | undefined
function knownWords(): Set<string> {
  if (known) return known
  known = new Set<string>()
  const add = (text: string | undefined): void => {
    for (const w of (text ?? '').match(/\p{L}+/gu) ?? []) known!.add(nameKey(w))
  }
  for (const w of KNOWN_WORDS) add(w)
  for (const p of PROVINCES) {
    add(p.en)
    add(p.fa)
    add(p.ps)
    add(p.capital.en)
  }
  for (const c of TAXONOMY.categories) {
    for (const l of Object.values(c.labels)) add(l)
    for (const e of c.elements) add(e.labels.en)
  }
  return known
}

let common: Set<string> | undefined
function commonNames(): Set<string> {
  common ??= new Set(COMMON_NAMES.map(nameKey))
  return common
}

const WORD_RE = /[\p{L}\p{M}\p{N}\u0640\u200C]+/gu
const EXCERPT = 30

function excerpt(text: string, start: number, end: number): string {
  const from = Math.max(0, start - EXCERPT)
  const to = Math.min(text.length, end + EXCERPT)
  return `${from > 0 ? '…' : ''}${text.slice(from, to).replace(/\s+/g, ' ')}${to < text.length ? '…' : ''}`
}

/** The possible names in one text. */
export function possibleNamesIn(text: string): Array<{ word: string; excerpt: string }> {
  const out: Array<{ word: string; excerpt: string }> = []
  const seen = new Set<string>()
  for (const m of text.matchAll(WORD_RE)) {
    const word = m[0]
    const key = nameKey(word)
    if (key === '' || seen.has(key)) continue
    const before = text.slice(0, m.index).trimEnd()
    const startsSentence = before === '' || /[.!?:;\n؟۔]$/u.test(before) || /\n\s*$/.test(text.slice(0, m.index))
    const latinCapital = /^\p{Lu}\p{Ll}{2,}/u.test(word) && /^[\p{Script=Latin}\p{M}]+$/u.test(word)
    const flagged = commonNames().has(key) || (latinCapital && !startsSentence && !knownWords().has(key))
    if (!flagged) continue
    seen.add(key)
    out.push({ word, excerpt: excerpt(text, m.index, m.index + word.length) })
  }
  return out
}

/** Every possible name left in the free text of a redacted snapshot, by field. */
export function possibleNames(snap: RedactedSnapshot): PossibleName[] {
  const fields: Array<[string, string | undefined]> = [
    ['case.title', snap.case.title],
    ['case.purpose', snap.case.purpose]
  ]
  for (const inc of snap.incidents) {
    const at = `incident ${inc.reference}`
    fields.push([`${at} title`, inc.title], [`${at} narrative`, inc.narrative])
    for (const q of inc.qualifications)
      for (const e of q.elements ?? []) fields.push([`${at} qualification ${q.category}/${e.element} note`, e.note])
    for (const l of inc.links) fields.push([`${at} element link ${l.category}/${l.element} note`, l.note])
    inc.perpetrators.forEach((p, i) => fields.push([`${at} perpetrator ${i + 1} unit`, p.unit]))
    inc.sources.forEach((s, i) => fields.push([`${at} source ${i + 1} description`, s.description]))
  }
  for (const p of snap.patterns) {
    const at = `pattern ${p.reference}`
    fields.push([`${at} title`, p.title], [`${at} description`, p.description], [`${at} targeted population`, p.attack?.targetedPopulation])
    p.policyEvidence.forEach((e, i) =>
      fields.push([`${at} policy evidence ${i + 1}`, [e.title, e.issuedBy, e.reference].filter((x) => x !== undefined).join(' · ')])
    )
  }
  for (const e of snap.exhibits) fields.push([`exhibit ${e.number} description`, e.description])
  const out: PossibleName[] = []
  for (const [field, text] of fields) {
    if (text === undefined || text === '') continue
    for (const hit of possibleNamesIn(text)) out.push({ field, excerpt: hit.excerpt })
  }
  return out
}
