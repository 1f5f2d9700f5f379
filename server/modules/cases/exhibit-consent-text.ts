import type { DossierLanguage } from './labels.ts'
import type { ExhibitConsentDecision } from './stages/exhibit-consent.ts'

/**
 * What a dossier says about an exhibit's image consent and, for a blurred copy, its lineage (#17
 * item 9), in the dossier's language. Pure. The sentence says what happened to the file: never that
 * a thumbnail is withheld while the file itself is carried.
 */

/** Image consent of a visual exhibit as the snapshot keeps it (absent for exhibits barred by need-to-know). */
export type ExhibitImageConsent = Omit<ExhibitConsentDecision, 'reason'> & {
  reason: Exclude<ExhibitConsentDecision['reason'], 'not-visual'>
}

/** Where a blurred copy comes from and how it was made: enough to redo it and compare hashes. */
export type ExhibitLineage = {
  kind: 'blurred'
  /** The source's number in this dossier, or null when the source is not in it. */
  source: string | null
  sourceStableId?: string
  sourceSha256: string
  derivativeSha256: string
  method: string
  parameters: Record<string, number>
  /** The source's `redacted-copy-made` ledger entry, which carries the lineage's content hash. */
  ledgerIndex: number
  contentSha256: string
}

type Words = {
  label: string
  voiceLabel: string
  lineageLabel: string
  consented: string
  incidentConsented: string
  blurredCopy: string
  notCarried: (who: string) => string
  notDrawn: string
  someone: string
  incidentSomeone: string
  instead: (n: string) => string
  noneMade: string
  video: string
  /** A sound recording linked to persons (consent to the use of their image or voice). */
  voiceConsented: string
  voiceNotCarried: (who: string) => string
  voiceSomeone: string
  voice: string
  lineage: (from: string, src: string, dst: string, block: number, passes: number, entry: number) => string
  /** Said before the method when the source's pixels were turned by its EXIF Orientation. */
  upright: (orientation: number) => string
  outside: string
}

const EN: Words = {
  label: 'Image consent',
  voiceLabel: 'Image or voice consent',
  lineageLabel: 'Made from',
  consented: 'Every person this exhibit is recorded as showing has consented to the use of their image for this recipient.',
  incidentConsented:
    'No one is recorded as shown in this exhibit; every person of its incident has consented to the use of their image for this recipient.',
  blurredCopy: 'A blurred copy made by Sanad: faces and other features cannot be recognised. It is carried whoever it shows.',
  notCarried: (who) => `Not carried: ${who} has not consented to the use of their image for this recipient.`,
  notDrawn:
    'Not drawn in this PDF: no one has recorded whom this exhibit shows, and a person of its incident has not consented to the use of their image for this recipient. The file itself is carried under the rule for the whole incident, as stated above.',
  someone: 'a person this exhibit shows',
  incidentSomeone: 'no one has recorded whom this exhibit shows, and a person of its incident',
  instead: (n) => `Its blurred copy ${n} is carried instead.`,
  noneMade: 'No blurred copy of it has been made.',
  video: 'A video cannot be blurred here, so it is withheld.',
  voiceConsented:
    'Every person this recording is recorded as identifying has consented to the use of their image or voice for this recipient.',
  voiceNotCarried: (who) => `Not carried: ${who} has not consented to the use of their image or voice for this recipient.`,
  voiceSomeone: 'a person this recording identifies',
  voice: 'A voice cannot be disguised here, so the recording is withheld.',
  lineage: (from, src, dst, block, passes, entry) =>
    `Blurred copy of ${from} (SHA-256 ${src}) → SHA-256 ${dst}. Method: pixelated in blocks of ${block} pixels, then ${passes} box-blur passes; ledger entry ${entry} records the lineage.`,
  outside: 'an exhibit not in this dossier',
  upright: (o) => `Turned upright first, as the source's EXIF Orientation ${o} says.`
}

const FA: Words = {
  label: 'رضایت تصویر',
  voiceLabel: 'رضایت تصویر یا صدا',
  lineageLabel: 'ساخته‌شده از',
  consented: 'همهٔ اشخاصی که ثبت شده این مدرک نشانشان می‌دهد به استفاده از تصویرشان برای این گیرنده رضایت داده‌اند.',
  incidentConsented:
    'ثبت نشده که این مدرک چه کسی را نشان می‌دهد؛ همهٔ اشخاص این رویداد به استفاده از تصویرشان برای این گیرنده رضایت داده‌اند.',
  blurredCopy: 'نسخهٔ تارشده‌ای که سند ساخته است: چهره‌ها و دیگر نشانه‌ها شناخته نمی‌شوند. هر که را نشان دهد، ارائه می‌شود.',
  notCarried: (who) => `ارائه نشده: ${who} به استفاده از تصویرش برای این گیرنده رضایت نداده است.`,
  notDrawn:
    'در این PDF نشان داده نشده: ثبت نشده که این مدرک چه کسی را نشان می‌دهد، و یکی از اشخاص این رویداد به استفاده از تصویرش برای این گیرنده رضایت نداده است. خود فایل طبق قاعدهٔ کل رویداد، چنان‌که در بالا آمده، ارائه شده است.',
  someone: 'شخصی که این مدرک نشانش می‌دهد',
  incidentSomeone: 'ثبت نشده که این مدرک چه کسی را نشان می‌دهد، و یکی از اشخاص این رویداد',
  instead: (n) => `به جای آن نسخهٔ تارشدهٔ آن، ${n}، ارائه شده است.`,
  noneMade: 'هنوز نسخهٔ تارشده‌ای از آن ساخته نشده است.',
  video: 'ویدیو در اینجا تار نمی‌شود؛ از این رو ارائه نشده است.',
  voiceConsented:
    'همهٔ اشخاصی که ثبت شده این صدای ثبت‌شده هویتشان را آشکار می‌کند به استفاده از تصویر یا صدایشان برای این گیرنده رضایت داده‌اند.',
  voiceNotCarried: (who) => `ارائه نشده: ${who} به استفاده از تصویر یا صدایش برای این گیرنده رضایت نداده است.`,
  voiceSomeone: 'شخصی که این صدای ثبت‌شده هویتش را آشکار می‌کند',
  voice: 'صدا در اینجا ناشناس نمی‌شود؛ از این رو این صدای ثبت‌شده ارائه نشده است.',
  lineage: (from, src, dst, block, passes, entry) =>
    `نسخهٔ تارشدهٔ ${from} (SHA-256 ${src}) ← SHA-256 ${dst}. روش: شطرنجی‌سازی در خانه‌های ${block} پیکسلی و سپس ${passes} بار تارسازی جعبه‌ای؛ مدخل ${entry} دفتر ثبت این تبار را ثبت کرده است.`,
  outside: 'مدرکی که در این پرونده نیست',
  upright: (o) => `نخست طبق جهت EXIF اصل (${o}) راست شده است.`
}

const PS: Words = {
  label: 'د انځور رضایت',
  voiceLabel: 'د انځور یا غږ رضایت',
  lineageLabel: 'له دې جوړ شوی',
  consented: 'ټولو هغو کسانو چې ثبت شوي دا سند یې ښيي دې ترلاسه کوونکي ته د خپل انځور د کارولو رضایت ورکړی دی.',
  incidentConsented: 'نه دي ثبت شوي چې دا سند څوک ښيي؛ د دې پېښې ټولو کسانو دې ترلاسه کوونکي ته د خپل انځور د کارولو رضایت ورکړی دی.',
  blurredCopy: 'تته کاپي چې سند جوړه کړې: مخونه او نورې نښې نه پېژندل کېږي. هر څوک چې وښيي، وړاندې کېږي.',
  notCarried: (who) => `نه دی وړاندې شوی: ${who} دې ترلاسه کوونکي ته د خپل انځور د کارولو رضایت نه دی ورکړی.`,
  notDrawn:
    'په دې PDF کې نه دی ښودل شوی: نه دي ثبت شوي چې دا سند څوک ښيي، او د دې پېښې یو کس دې ترلاسه کوونکي ته د خپل انځور د کارولو رضایت نه دی ورکړی. پخپله فایل د ټولې پېښې د قاعدې له مخې، لکه پورته چې راغلي، وړاندې شوی دی.',
  someone: 'هغه کس چې دا سند یې ښيي',
  incidentSomeone: 'نه دي ثبت شوي چې دا سند څوک ښيي، او د دې پېښې یو کس',
  instead: (n) => `د هغه پر ځای یې تته کاپي، ${n}، وړاندې شوې ده.`,
  noneMade: 'تر اوسه یې تته کاپي نه ده جوړه شوې.',
  video: 'ویډیو دلته نه تتېږي؛ له دې امله نه ده وړاندې شوې.',
  voiceConsented: 'ټولو هغو کسانو چې ثبت شوي دا ثبت شوی غږ یې پېژني دې ترلاسه کوونکي ته د خپل انځور یا غږ د کارولو رضایت ورکړی دی.',
  voiceNotCarried: (who) => `نه دی وړاندې شوی: ${who} دې ترلاسه کوونکي ته د خپل انځور یا غږ د کارولو رضایت نه دی ورکړی.`,
  voiceSomeone: 'هغه کس چې دا ثبت شوی غږ یې پېژني',
  voice: 'غږ دلته نه شي پټېدای؛ له دې امله دا ثبت شوی غږ نه دی وړاندې شوی.',
  lineage: (from, src, dst, block, passes, entry) =>
    `د ${from} تته کاپي (SHA-256 ${src}) ← SHA-256 ${dst}. طریقه: په ${block} پیکسله خونو کې پیکسل کول، بیا ${passes} ځله بکس تتول؛ د لیجر ${entry} ننوتنه دا نسب ثبتوي.`,
  outside: 'یو سند چې په دې دوسیه کې نشته',
  upright: (o) => `لومړی د اصل د EXIF د جهت (${o}) له مخې سم شوی دی.`
}

const WORDS: Record<DossierLanguage, Words> = { en: EN, fa: FA, ps: PS }

/** The row's label; a recording's consent is to the use of the person's image or voice. */
export function consentLabel(lang: DossierLanguage, voice = false): string {
  return voice ? WORDS[lang].voiceLabel : WORDS[lang].label
}

export function lineageLabel(lang: DossierLanguage): string {
  return WORDS[lang].lineageLabel
}

/**
 * The consent sentence of an exhibit, or undefined when image consent does not decide it. `carried`:
 * the dossier carries the exhibit's own file (under the incident-level rule it may, without a thumbnail).
 */
export function consentText(c: ExhibitImageConsent | undefined, lang: DossierLanguage, carried: boolean): string | undefined {
  if (c === undefined) return undefined
  const w = WORDS[lang]
  const list = lang === 'en' ? ', ' : '، '
  if (c.voice === true) {
    if (c.decision === 'carry') return w.voiceConsented
    return `${w.voiceNotCarried(c.missing.length > 0 ? c.missing.join(list) : w.voiceSomeone)} ${w.voice}`
  }
  if (c.reason === 'depicted-consented') return w.consented
  if (c.reason === 'incident-consented') return w.incidentConsented
  if (c.reason === 'blurred-copy') return w.blurredCopy
  if (c.decision === 'carry' && carried) return w.notDrawn
  const who = c.reason === 'incident-not-consented' ? w.incidentSomeone : c.missing.length > 0 ? c.missing.join(list) : w.someone
  const next =
    c.substitute === 'blurred-copy' && c.blurredCopy !== undefined
      ? w.instead(c.blurredCopy)
      : c.substitute === 'not-blurrable'
        ? w.video
        : w.noneMade
  return `${w.notCarried(who)} ${next}`
}

/** The lineage sentence of a blurred copy. */
export function lineageText(l: ExhibitLineage, lang: DossierLanguage): string {
  const w = WORDS[lang]
  const from = l.source ?? (l.sourceStableId === undefined ? w.outside : l.sourceStableId)
  const text = w.lineage(from, l.sourceSha256, l.derivativeSha256, l.parameters.block ?? 0, l.parameters.boxPasses ?? 0, l.ledgerIndex)
  const o = l.parameters.orientation
  return o !== undefined && o > 1 ? `${text} ${w.upright(o)}` : text
}
