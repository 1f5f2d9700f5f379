import type { CaseRecipient, DisclosureProfileName } from '../../types/schemas.ts'
import type { WithheldExhibitReason } from './disclosure-profile.ts'

/**
 * The fixed words of a dossier in English, Dari and Pashto. Narratives, titles and other recorded
 * text always appear as recorded; legal element texts exist in English only (the taxonomy's).
 */
export type DossierLanguage = 'en' | 'fa' | 'ps'

export const LANGUAGE_TAG: Record<DossierLanguage, string> = { en: 'en', fa: 'fa-AF', ps: 'ps-AF' }

type Recipients = Record<CaseRecipient, string>
type Profiles = Record<DisclosureProfileName, string>

export type DossierLabels = {
  engine: { contents: string; pageOf: string; continued: string; noData: string; imageUnreadable: string }
  caseFile: string
  recipient: string
  recipients: Recipients
  profile: string
  profiles: Profiles
  profileMeaning: Profiles
  submittedBy: string
  /** The covering letter and declaration at the front of the dossier. */
  letter: {
    title: string
    to: string
    from: string
    date: string
    subject: (reference: string, title: string) => string
    intro: (incidents: number, exhibits: number) => string
    allegations: string
    temporal: string
    territorial: string
    personal: string
    victims: (n: number) => string
    requests: string
    protectiveMeasures: string
    confidentiality: string
    acknowledge: string
    annexes: string
    annexList: (exhibits: number) => string[]
    declarationTitle: string
    declaration: (officer: string, organisation: string, reference: string) => string
    signedBy: string
    signature: string
    roles: Record<string, string>
  }
  contact: string
  focalPoint: string
  /** The classification banner on every page of a dossier of each profile. */
  classification: Profiles
  purpose: string
  generated: string
  reference: string
  incidents: string
  exhibits: string
  checkpoint: string
  rootHash: string
  timestamp: string
  noTimestamp: string
  /** No time-stamping authority is configured, so none was asked: not a failure. */
  noTimestampNoAuthority: string
  pdfSignature: string
  selfSignedNote: string
  caseRevision: string
  /** ICC files: incidents whose conduct is entirely before 1 May 2003, left out of the totals. */
  outsideIccWindow: (references: string) => string
  /** Incidents whose status is not `verified`. */
  notVerified: (references: string) => string
  legalReview: string
  nexusReview: string
  manifestSha256: string
  /** Cover: the number of pages of the PDF itself ({pages}: filled in by the renderer once laid out). */
  pages: string
  filePages: string
  verifierKey: string
  coverNote: string
  about: string
  aboutText: (p: { recipient: string; profile: string }) => string
  consentText: string
  methodText: string
  attachmentsText: string
  leftOut: string
  leftOutRetracted: string
  summary: string
  byCategory: string
  byProvince: string
  byMonth: string
  category: string
  romeStatute: string
  count: string
  province: string
  month: string
  totals: string
  victims: string
  killed: string
  injured: string
  patterns: string
  attack: string
  widespread: string
  systematic: string
  targetedPopulation: string
  period: string
  policyEvidence: string
  yes: string
  no: string
  incident: string
  revision: string
  status: string
  date: string
  dateSolarHijri: string
  precision: string
  place: string
  placeLevel: Record<'exact' | 'district' | 'province', string>
  coordinates: string
  categories: string
  flags: string
  perpetrators: string
  /** The section of involvement records (#18 item 3). */
  perpetratorsAndLinkage: string
  perpetratorsAndLinkageIntro: string
  allegedPerpetrator: string
  modeOfLiability: string
  orgKinds: Record<'organisation' | 'unit', string>
  sources: string
  narrative: string
  narrativeWithheld: string
  narrativeIn: (language: string) => string
  legalQualification: string
  notQualified: string
  element: string
  contextual: string
  elementStatus: string
  supportingExhibits: string
  none: string
  note: string
  assessedBy: string
  persons: string
  role: string
  roles: Record<'victim' | 'witness' | 'source' | 'perpetrator', string>
  shownAs: string
  name: string
  pseudonymOnly: string
  pseudonym: string
  fileName: string
  issuedBy: string
  ref: string
  noPersons: string
  exhibitList: string
  number: string
  /** The organisation-wide exhibit id, beside this dossier's number. */
  stableId: string
  /** The recipient's own reference of an exhibit, once imported back. */
  recipientRef: string
  type: string
  size: string
  carried: string
  variants: Record<'original' | 'shared' | 'withheld', string>
  placement: Record<'attached' | 'package' | 'withheld', string>
  withheldReasons: Record<WithheldExhibitReason, string>
  sha256: string
  sha512: string
  fileSha256: string
  captureMetadata: string
  metadataWithheld: string
  noMetadata: string
  capturedAt: string
  /** The device-signed capture and the server's receipt of the file, with the time between them. */
  deviceCaptureToUpload: string
  gapDuration: (days: number, hours: number) => string
  gps: string
  device: string
  software: string
  dimensions: string
  duration: string
  consistencyFlags: string
  noFlags: string
  source: string
  collected: string
  description: string
  ingestEntry: string
  custody: string
  ledgerIndex: string
  time: string
  event: string
  actor: string
  details: string
  thumbnail: string
  thumbnailWithheld: string
  verifying: string
  verifyText: string
  verifyCommand: string
  independentText: string
  bytes: string
  connectedCrime: string
  verification: string
  verificationStatuses: Record<'verified' | 'partly-verified' | 'unverified', string>
  verificationPhases: Record<'source' | 'technical' | 'content', string>
  verificationMethods: Record<string, string>
  /** Custody before Sanad: the timeline from collection, the gap to upload, the custodian register. */
  custodyBefore: {
    timeline: string
    occurred: string
    custodian: string
    uploaded: string
    /** `{days}` is replaced by the number of whole days. */
    gap: string
    register: string
    registerText: string
    account: string
    staffCode: string
    role: string
    roles: Record<string, string>
    declaration: string
    declarationText: string
    sealedFields: Record<'url' | 'postId' | 'tool' | 'sealNumber' | 'note', string>
  }
}

const en: DossierLabels = {
  engine: {
    contents: 'Contents',
    pageOf: 'Page {page} of {pages}',
    continued: '(continued)',
    noData: 'No data',
    imageUnreadable: 'Image could not be displayed'
  },
  caseFile: 'Case file',
  recipient: 'Recipient',
  recipients: {
    'icc-otp': 'Office of the Prosecutor, International Criminal Court',
    'un-iima': 'UN Independent Investigative Mechanism for Afghanistan',
    national: 'National prosecuting authorities',
    public: 'The public'
  },
  profile: 'Disclosure profile',
  profiles: { full: 'full', restricted: 'restricted', public: 'public' },
  profileMeaning: {
    full: 'Identities are shown only of persons who consented to disclosure to this recipient (need-to-know persons only when the preparer is cleared); exact places; original files with their metadata.',
    restricted: 'Pseudonyms only; places at district level; metadata-free copies of images; other media listed by their hashes only.',
    public:
      'Aggregates and pseudonyms; places at province level; no media metadata; images only where every person concerned consented to their use.'
  },
  submittedBy: 'Submitted by',
  contact: 'Contact',
  focalPoint: 'Focal point',
  letter: {
    title: 'Covering letter',
    to: 'To',
    from: 'From',
    date: 'Date',
    subject: (ref, title) => `Transmission of case file ${ref}: ${title}`,
    intro: (n, e) =>
      `We submit the enclosed case file of ${n} documented incidents with ${e} exhibits for your assessment. It summarises the allegations and the jurisdictional facts below; no person is named in this letter.`,
    allegations: 'Summary of allegations',
    temporal: 'Temporal scope',
    territorial: 'Territorial scope',
    personal: 'Persons affected',
    victims: (n) => `${n} victims recorded`,
    requests: 'Requests',
    protectiveMeasures:
      'Protective measures: the file identifies witnesses and victims who consented to disclosure to you only. We ask that their identities be protected, not disclosed further, and that we be consulted before any contact with them.',
    confidentiality: 'That the file be treated as confidential and kept under your secure evidence handling.',
    acknowledge: 'That receipt be acknowledged with your reference numbers, which the exhibits list (exhibits.csv) has a column for.',
    annexes: 'Annexes',
    annexList: (e) => [
      'Annex 1: this case file (PDF), with the signed manifest and ledger checkpoint attached',
      `Annex 2: the evidence package (BagIt), with ${e} exhibits listed in exhibits.csv`,
      'Annex 3: stand-alone verifiers (verify.html, verify-package.mjs) and the receipt of this export'
    ],
    declarationTitle: 'Declaration of authenticity',
    declaration: (officer, org, ref) =>
      `I, ${officer}, responsible officer of ${org}, declare that the exhibits of case file ${ref} are true copies of the items held by ${org}, unaltered since their recorded ingestion, as their SHA-256 and SHA-512 hashes and the signed custody ledger show, and that this file was generated from our records without alteration.`,
    signedBy: 'Signed',
    signature: 'Signature',
    roles: { legal: 'legal officer', admin: 'administrator' }
  },
  classification: {
    full: 'CONFIDENTIAL — FULL PROFILE — contains identities of protected persons',
    restricted: 'RESTRICTED — REDACTED PROFILE — pseudonymised, for the named recipient only',
    public: 'PUBLIC — PUBLIC PROFILE — aggregates and pseudonyms only'
  },
  purpose: 'Purpose',
  generated: 'Generated',
  reference: 'Case reference',
  incidents: 'Incidents',
  exhibits: 'Exhibits',
  checkpoint: 'Ledger checkpoint',
  rootHash: 'Checkpoint root hash',
  timestamp: 'RFC 3161 timestamp of the checkpoint',
  noTimestamp: 'none (no time-stamping authority answered for this checkpoint)',
  noTimestampNoAuthority: 'not timestamped: no authority configured',
  pdfSignature: 'Signature of this PDF',
  selfSignedNote: 'self-signed certificate: no authority vouches for it; compare its fingerprint with the one the organisation publishes',
  caseRevision: 'Case revision',
  outsideIccWindow: (refs) =>
    `Conduct before 1 May 2003, when the Rome Statute entered into force for Afghanistan, is outside the ICC's jurisdiction. These incidents concern only such conduct and are not counted in this summary: ${refs}.`,
  notVerified: (refs) => `These incidents are not verified yet (their status is printed with each): ${refs}.`,
  legalReview: 'Legal review',
  nexusReview: 'War-crime qualification of conduct after 15 August 2021: the armed-conflict nexus needs legal review.',
  manifestSha256: 'Manifest SHA-256',
  pages: 'Pages',
  filePages: 'This file has {pages} pages',
  verifierKey: 'Ledger verifier key',
  coverNote:
    'Every exhibit hash and custody entry in this file can be checked offline against the signed manifest and the signed ledger checkpoint attached to it (see "Verifying this file"). Evidence registration numbers (ERNs) are assigned by the receiving office, not by Sanad.',
  about: 'About this case file',
  aboutText: ({ recipient, profile }) => `This case file was prepared for ${recipient} under the ${profile} disclosure profile.`,
  consentText:
    'Persons are named only where the person consented to disclosure to this recipient and the profile allows identities; everyone else appears by a stable pseudonym (V- victims, W- witnesses, S- sources, P- perpetrators). A person who withdrew consent to storage is left out entirely. Identities of persons in incidents of sexual violence (Murad Code) are disclosed only when the preparer of the file is cleared for that incident.',
  methodText:
    "Each exhibit was hashed (SHA-256 and SHA-512) as it was received and recorded in an append-only custody ledger (an RFC 6962 Merkle tree with signed checkpoints); originals are never altered, and copies without metadata are derived losslessly and recorded with their lineage, following the Berkeley Protocol and the OTP–Eurojust guidelines for civil society. Facts and legal qualification are kept apart: the qualification and its element checklist are the preparer's assessment.",
  attachmentsText:
    'Attached to this PDF: manifest.json (the signed manifest), manifest.sig (its Ed25519 signature), checkpoint.txt (the signed ledger checkpoint), custody.json (custody entries with inclusion proofs), checkpoint.tsr (when the checkpoint has an RFC 3161 timestamp) and the exhibit files that fit within the attachment budget. The evidence package carries every exhibit file.',
  leftOut: 'Left out of this file',
  leftOutRetracted: 'retracted after the case was built',
  summary: 'Summary',
  byCategory: 'Incidents by category',
  byProvince: 'Incidents by province',
  byMonth: 'Incidents by month',
  category: 'Category',
  romeStatute: 'Rome Statute',
  count: 'Count',
  province: 'Province',
  month: 'Month',
  totals: 'Totals',
  victims: 'Victims',
  killed: 'killed',
  injured: 'injured',
  patterns: 'Patterns',
  attack: 'Attack',
  widespread: 'Widespread',
  systematic: 'Systematic',
  targetedPopulation: 'Targeted population',
  period: 'Period',
  policyEvidence: 'Policy evidence',
  yes: 'yes',
  no: 'no',
  incident: 'Incident',
  revision: 'Revision',
  status: 'Status',
  date: 'Date',
  dateSolarHijri: 'Date (Solar Hijri)',
  precision: 'Date precision',
  place: 'Place',
  placeLevel: { exact: 'as recorded', district: 'district level', province: 'province level' },
  coordinates: 'Coordinates',
  categories: 'Categories',
  flags: 'Flags',
  perpetrators: 'Perpetrators',
  perpetratorsAndLinkage: 'Alleged perpetrators and linkage',
  perpetratorsAndLinkageIntro:
    'Each row links an alleged perpetrator (a person, by pseudonym unless disclosure allows the name, or an organisation or unit) to an incident under a mode of liability of the Rome Statute (Art. 25(3) or Art. 28), with the period, the exhibits and the sources that support it. These are allegations recorded for assessment, not findings.',
  allegedPerpetrator: 'Alleged perpetrator',
  modeOfLiability: 'Mode of liability',
  orgKinds: { organisation: 'organisation', unit: 'unit' },
  sources: 'Sources',
  narrative: 'Narrative',
  narrativeWithheld:
    'This incident concerns sexual violence or another need-to-know matter: its title, narrative and notes are not published. It is counted by category, date and province.',
  narrativeIn: (language) => `Narrative in its original language (${language})`,
  legalQualification: 'Legal qualification',
  notQualified: 'No element-by-element assessment recorded; elements to substantiate:',
  element: 'Element',
  contextual: 'contextual (pattern)',
  elementStatus: 'Assessment',
  supportingExhibits: 'Supporting exhibits',
  none: 'none',
  note: 'Note',
  assessedBy: 'Assessed by',
  persons: 'Persons',
  role: 'Role',
  roles: { victim: 'victim', witness: 'witness', source: 'source', perpetrator: 'perpetrator' },
  shownAs: 'Shown as',
  name: 'name',
  pseudonymOnly: 'pseudonym only',
  pseudonym: 'Pseudonym',
  fileName: 'File name',
  issuedBy: 'Issued by',
  ref: 'Reference',
  noPersons: 'No person records are disclosed for this incident.',
  exhibitList: 'Exhibit list',
  number: 'No.',
  stableId: 'Stable exhibit id',
  recipientRef: "Recipient's reference",
  type: 'Type',
  size: 'Size',
  carried: 'Carried as',
  variants: { original: 'original', shared: 'shared copy (metadata removed)', withheld: 'not included' },
  placement: { attached: 'attached to this PDF', package: 'in the evidence package only', withheld: 'listed by hash only' },
  withheldReasons: {
    'no-metadata-free-copy':
      'no copy without metadata can be made of this type of file, so under this profile it is listed by its hashes only',
    'no-image-consent': 'a person of this incident has not consented to the use of their image for this recipient',
    'depicted-without-image-consent': 'a person this exhibit shows has not consented to the use of their image for this recipient',
    'recorded-without-voice-consent':
      'a person whose voice this recording carries has not consented to the use of their image or voice for this recipient',
    'need-to-know':
      'the incident is need-to-know and the person who generated this dossier is not cleared for it, so it is listed by its hashes only'
  },
  sha256: 'SHA-256',
  sha512: 'SHA-512',
  fileSha256: 'SHA-256 of the file carried',
  captureMetadata: 'Capture metadata',
  metadataWithheld: 'withheld under this profile',
  noMetadata: 'none in the file',
  capturedAt: 'Captured',
  deviceCaptureToUpload: 'Captured on the enrolled device → received by Sanad',
  gapDuration: (d, h) => `${d} d ${h} h later`,
  gps: 'GPS',
  device: 'Device',
  software: 'Software',
  dimensions: 'Dimensions',
  duration: 'Duration (s)',
  consistencyFlags: 'Consistency flags',
  noFlags: 'none',
  source: 'Source',
  collected: 'Collected',
  description: 'Description',
  ingestEntry: 'Ingest ledger entry',
  custody: 'Custody timeline',
  ledgerIndex: 'Index',
  time: 'Time (UTC)',
  event: 'Event',
  actor: 'Actor',
  details: 'Details',
  thumbnail: 'Thumbnail',
  thumbnailWithheld: 'No thumbnail: a person of this incident has not consented to the use of their image for this recipient.',
  verifying: 'Verifying this file',
  verifyText:
    "Anyone holding the ledger verifier key printed on the cover (obtain it independently, e.g. from the publishing organisation) can check this file without the Sanad server: the manifest's Ed25519 signature, the checkpoint's signature, the SHA-256 and SHA-512 of every exhibit file, and for every exhibit the inclusion proof of its ingest entry in the signed checkpoint.",
  verifyCommand:
    "With Sanad's tools: npm run verify-export -- FILE --key KEY [--receipt RECEIPT.json], where FILE is this PDF or the evidence package (ZIP). The signature covers the manifest and the exhibit files, not these pages; the export's receipt, which the issuer provides, shows that every byte of FILE, these pages included, is as issued.",
  independentText:
    'Without them: the manifest signature is Ed25519 over the bytes "sanad-manifest-v1" followed by a newline and manifest.json (RFC 8785 canonical JSON); checkpoint.txt is a C2SP signed note; ledger leaves are SHA-256(0x00 || entry) and inclusion proofs follow RFC 9162.',
  bytes: 'bytes',
  connectedCrime: 'Connected crime',
  verification: 'Verification',
  verificationStatuses: { verified: 'verified', 'partly-verified': 'partly verified', unverified: 'unverified' },
  custodyBefore: {
    timeline: 'Custody from collection',
    occurred: 'When it happened',
    custodian: 'Custodian',
    uploaded: 'uploaded to Sanad',
    gap: '{days} days between collection and upload',
    register: 'Custodian register',
    registerText:
      'Custodians are named by account id and staff code only; the organisation holds the identities behind them and can attest to them on request.',
    account: 'Account',
    staffCode: 'Staff code',
    role: 'Role',
    roles: { admin: 'administrator', documenter: 'documenter', reviewer: 'reviewer', legal: 'legal liaison', auditor: 'auditor' },
    declaration: "Collector's declaration",
    declarationText:
      'I declare that I collected or received this item as recorded, that to my knowledge it has not been altered since it came into my custody, and that the custody events I recorded are true.',
    sealedFields: { url: 'URL', postId: 'post id', tool: 'tool', sealNumber: 'seal number', note: 'note' }
  },
  verificationPhases: { source: 'source analysis', technical: 'technical analysis', content: 'content analysis' },
  verificationMethods: {
    'source-interview': 'interview with the source',
    'source-profile': 'source profile',
    'source-history': 'source history',
    'account-analysis': 'account analysis',
    'chain-of-custody-review': 'chain-of-custody review',
    geolocation: 'geolocation',
    chronolocation: 'chronolocation',
    'metadata-analysis': 'metadata analysis',
    'reverse-image-search': 'reverse image search',
    'file-integrity-analysis': 'file integrity analysis',
    'audio-analysis': 'audio analysis',
    'satellite-imagery-comparison': 'comparison with satellite imagery',
    corroboration: 'corroboration',
    consistency: 'consistency check',
    'expert-review': 'expert review',
    'weapon-identification': 'weapon identification',
    'language-and-dialect': 'language and dialect',
    other: 'other method'
  }
}

const fa: DossierLabels = {
  engine: {
    contents: 'فهرست مطالب',
    pageOf: 'صفحهٔ {page} از {pages}',
    continued: '(ادامه)',
    noData: 'معلوماتی موجود نیست',
    imageUnreadable: 'تصویر نمایش داده نشد'
  },
  caseFile: 'پرونده',
  recipient: 'گیرنده',
  recipients: {
    'icc-otp': 'دفتر دادستان محکمهٔ بین‌المللی جزایی',
    'un-iima': 'میکانیزم مستقل تحقیقاتی ملل متحد برای افغانستان',
    national: 'مراجع ملی تعقیب عدلی',
    public: 'عموم مردم'
  },
  profile: 'سطح افشا',
  profiles: { full: 'کامل', restricted: 'محدود', public: 'عمومی' },
  profileMeaning: {
    full: 'هویت تنها برای کسانی نشان داده می‌شود که به افشا برای این گیرنده رضایت داده‌اند؛ مکان دقیق؛ فایل‌های اصلی با متادیتا.',
    restricted: 'تنها نام مستعار؛ مکان در سطح ولسوالی؛ نسخه‌های بدون متادیتای تصاویر؛ سایر رسانه‌ها تنها با هش.',
    public: 'آمار و نام مستعار؛ مکان در سطح ولایت؛ بدون متادیتای رسانه؛ تصاویر تنها با رضایت همهٔ اشخاص مربوط.'
  },
  submittedBy: 'ارائه‌کننده',
  contact: 'نشانی تماس',
  focalPoint: 'شخص رابط',
  letter: {
    title: 'نامهٔ همراه',
    to: 'به',
    from: 'از',
    date: 'تاریخ',
    subject: (ref, title) => `ارسال پروندهٔ ${ref}: ${title}`,
    intro: (n, e) =>
      `پروندهٔ پیوست شامل ${n} رویداد مستند و ${e} مدرک را برای ارزیابی شما ارائه می‌کنیم. ادعاها و واقعیت‌های مربوط به صلاحیت در زیر خلاصه شده‌اند؛ در این نامه نام هیچ شخصی نیامده است.`,
    allegations: 'خلاصهٔ ادعاها',
    temporal: 'قلمرو زمانی',
    territorial: 'قلمرو سرزمینی',
    personal: 'اشخاص متأثر',
    victims: (n) => `${n} قربانی ثبت شده`,
    requests: 'درخواست‌ها',
    protectiveMeasures:
      'تدابیر حمایتی: این پرونده شاهدان و قربانیانی را معرفی می‌کند که فقط به افشای هویت خود برای شما رضایت داده‌اند. درخواست می‌کنیم هویت آنان حفاظت شود، بیشتر افشا نشود و پیش از هر تماس با آنان با ما مشورت شود.',
    confidentiality: 'این پرونده محرمانه تلقی شود و تحت نظام امن نگهداری مدارک شما باقی بماند.',
    acknowledge: 'دریافت پرونده با شماره‌های مرجع شما تأیید شود؛ فهرست مدارک (exhibits.csv) ستونی برای آن دارد.',
    annexes: 'ضمیمه‌ها',
    annexList: (e) => [
      'ضمیمهٔ ۱: همین پرونده (PDF) با مانیفست امضاشده و نقطهٔ بررسی دفتر ثبت پیوست‌شده',
      `ضمیمهٔ ۲: بستهٔ مدارک (BagIt) با ${e} مدرک که در exhibits.csv فهرست شده‌اند`,
      'ضمیمهٔ ۳: ابزارهای مستقل تأیید (verify.html و verify-package.mjs) و رسید این صدور'
    ],
    declarationTitle: 'اعلامیهٔ اصالت',
    declaration: (officer, org, ref) =>
      `اینجانب ${officer}، مسئول مربوط در ${org}، اعلام می‌کنم که مدارک پروندهٔ ${ref} نسخه‌های مطابق اصل اقلامی‌اند که نزد ${org} نگهداری می‌شوند و از زمان ثبت ورودشان تغییر نکرده‌اند، چنان‌که هش‌های SHA-256 و SHA-512 و دفتر ثبت امضاشدهٔ زنجیرهٔ نگهداری نشان می‌دهند، و این پرونده بدون تغییر از سوابق ما تهیه شده است.`,
    signedBy: 'امضاکننده',
    signature: 'امضا',
    roles: { legal: 'مسئول حقوقی', admin: 'مدیر سیستم' }
  },
  classification: {
    full: 'محرمانه — پروفایل کامل — شامل هویت اشخاص حمایت‌شده',
    restricted: 'محدود — پروفایل سانسورشده — با نام‌های مستعار، فقط برای دریافت‌کنندهٔ نام‌برده',
    public: 'عمومی — پروفایل عمومی — فقط آمار کلی و نام‌های مستعار'
  },
  purpose: 'هدف',
  generated: 'تاریخ تهیه',
  reference: 'شمارهٔ پرونده',
  incidents: 'رویدادها',
  exhibits: 'مدارک',
  checkpoint: 'نقطهٔ بررسی دفتر حفاظت',
  rootHash: 'هش ریشهٔ نقطهٔ بررسی',
  timestamp: 'مهر زمانی RFC 3161 نقطهٔ بررسی',
  noTimestamp: 'ندارد',
  noTimestampNoAuthority: 'بدون مهر زمانی: هیچ مرجع مهر زمانی تنظیم نشده است',
  pdfSignature: 'امضای این PDF',
  selfSignedNote: 'گواهی خودامضا: هیچ مرجعی آن را تأیید نکرده است؛ اثر انگشت آن را با آنچه سازمان منتشر می‌کند مقایسه کنید',
  caseRevision: 'نسخهٔ قضیه',
  outsideIccWindow: (refs) =>
    `رفتار پیش از ۱ مه ۲۰۰۳ (۱۱ ثور ۱۳۸۲)، روزی که اساسنامهٔ رم برای افغانستان نافذ شد، بیرون از صلاحیت دیوان بین‌المللی کیفری است. این رویدادها تنها چنین رفتاری را در بر می‌گیرند و در این خلاصه شمرده نشده‌اند: ${refs}.`,
  notVerified: (refs) => `این رویدادها هنوز تأیید نشده‌اند (وضعیت هر یک در کنار آن چاپ شده است): ${refs}.`,
  legalReview: 'بررسی حقوقی',
  nexusReview: 'توصیف جنایت جنگی برای رفتار پس از ۱۵ اوت ۲۰۲۱ (۲۴ اسد ۱۴۰۰): ارتباط با منازعهٔ مسلحانه نیاز به بررسی حقوقی دارد.',
  manifestSha256: 'SHA-256 فهرست امضاشده',
  pages: 'صفحه‌ها',
  filePages: 'این فایل {pages} صفحه دارد',
  verifierKey: 'کلید تأیید دفتر',
  coverNote:
    'هش هر مدرک و هر ثبت حفاظتی در این پرونده را می‌توان بدون اتصال به سرور با فهرست امضاشده و نقطهٔ بررسی امضاشدهٔ پیوست‌شده بررسی کرد. شمارهٔ ثبت مدارک را دفتر گیرنده تعیین می‌کند.',
  about: 'دربارهٔ این پرونده',
  aboutText: ({ recipient, profile }) => `این پرونده برای ${recipient} با سطح افشای «${profile}» تهیه شده است.`,
  consentText:
    'اشخاص تنها زمانی با نام ذکر می‌شوند که به افشا برای این گیرنده رضایت داده باشند و سطح افشا اجازه دهد؛ دیگران با نام مستعار ثابت آمده‌اند. کسی که رضایت نگهداری را پس گرفته کاملاً حذف شده است. هویت اشخاص در رویدادهای خشونت جنسی (کود مراد) تنها با مجوز تهیه‌کننده افشا می‌شود.',
  methodText:
    'هر مدرک هنگام دریافت هش شده (SHA-256 و SHA-512) و در دفتر حفاظت غیرقابل تغییر ثبت شده است؛ فایل‌های اصلی هرگز تغییر نمی‌کنند و نسخه‌های بدون متادیتا با ثبت منشأ ساخته می‌شوند (پروتکل برکلی و رهنمودهای دفتر دادستان و یوروجاست).',
  attachmentsText:
    'پیوست‌های این PDF: manifest.json، manifest.sig، checkpoint.txt، custody.json، checkpoint.tsr (در صورت وجود) و فایل‌های مدارکی که در بودجهٔ پیوست جا می‌شوند. بستهٔ مدارک همهٔ فایل‌ها را دارد.',
  leftOut: 'موارد حذف‌شده از این پرونده',
  leftOutRetracted: 'پس از ساخت پرونده پس گرفته شد',
  summary: 'خلاصه',
  byCategory: 'رویدادها بر اساس نوع',
  byProvince: 'رویدادها بر اساس ولایت',
  byMonth: 'رویدادها بر اساس ماه',
  category: 'نوع',
  romeStatute: 'اساسنامهٔ روم',
  count: 'تعداد',
  province: 'ولایت',
  month: 'ماه',
  totals: 'مجموع',
  victims: 'قربانیان',
  killed: 'کشته',
  injured: 'زخمی',
  patterns: 'الگوها',
  attack: 'حمله',
  widespread: 'گسترده',
  systematic: 'سیستماتیک',
  targetedPopulation: 'جمعیت هدف',
  period: 'دوره',
  policyEvidence: 'شواهد سیاست',
  yes: 'بلی',
  no: 'نخیر',
  incident: 'رویداد',
  revision: 'نسخه',
  status: 'وضعیت',
  date: 'تاریخ (میلادی)',
  dateSolarHijri: 'تاریخ (هجری شمسی)',
  precision: 'دقت تاریخ',
  place: 'مکان',
  placeLevel: { exact: 'طبق ثبت', district: 'در سطح ولسوالی', province: 'در سطح ولایت' },
  coordinates: 'مختصات',
  categories: 'انواع',
  flags: 'نشانه‌ها',
  perpetrators: 'عاملان',
  perpetratorsAndLinkage: 'عاملان ادعایی و پیوند آنها',
  perpetratorsAndLinkageIntro:
    'هر سطر یک عامل ادعایی (یک شخص، با نام مستعار مگر آنکه افشا نام را اجازه دهد، یا یک سازمان یا واحد) را با یک رویداد به یکی از اشکال مسئولیت اساسنامهٔ روم (مادهٔ ۲۵(۳) یا مادهٔ ۲۸) پیوند می‌دهد، همراه با دوره، مدارک و منابعی که آن را پشتیبانی می‌کنند. اینها ادعاهایی‌اند که برای ارزیابی ثبت شده‌اند، نه یافته‌ها.',
  allegedPerpetrator: 'عامل ادعایی',
  modeOfLiability: 'شکل مسئولیت',
  orgKinds: { organisation: 'سازمان', unit: 'واحد' },
  sources: 'منابع',
  narrative: 'روایت',
  narrativeWithheld:
    'این رویداد به خشونت جنسی یا موضوع دیگری مربوط است که تنها افراد مجاز از آن آگاه می‌شوند: عنوان، روایت و یادداشت‌های آن نشر نمی‌شود. این رویداد تنها بر اساس دسته، تاریخ و ولایت شمرده شده است.',
  narrativeIn: (language) => `روایت به زبان اصلی (${language})`,
  legalQualification: 'توصیف حقوقی',
  notQualified: 'ارزیابی عنصر به عنصر ثبت نشده است؛ عناصر قابل اثبات:',
  element: 'عنصر',
  contextual: 'زمینه‌ای (الگو)',
  elementStatus: 'ارزیابی',
  supportingExhibits: 'مدارک پشتیبان',
  none: 'هیچ',
  note: 'یادداشت',
  assessedBy: 'ارزیاب',
  persons: 'اشخاص',
  role: 'نقش',
  roles: { victim: 'قربانی', witness: 'شاهد', source: 'منبع', perpetrator: 'عامل' },
  shownAs: 'نمایش',
  name: 'نام',
  pseudonymOnly: 'تنها نام مستعار',
  pseudonym: 'نام مستعار',
  fileName: 'نام فایل',
  issuedBy: 'صادرکننده',
  ref: 'مرجع',
  noPersons: 'هیچ شخصی برای این رویداد افشا نشده است.',
  exhibitList: 'فهرست مدارک',
  number: 'شماره',
  stableId: 'شناسهٔ ثابت مدرک',
  recipientRef: 'شمارهٔ مرجع گیرنده',
  type: 'نوع فایل',
  size: 'اندازه',
  carried: 'شکل ارائه',
  variants: { original: 'اصلی', shared: 'نسخهٔ بدون متادیتا', withheld: 'شامل نیست' },
  placement: { attached: 'پیوست این PDF', package: 'تنها در بستهٔ مدارک', withheld: 'تنها با هش' },
  withheldReasons: {
    'no-metadata-free-copy': 'از این نوع فایل نسخهٔ بدون متادیتا ساخته نمی‌شود؛ در این سطح افشا تنها هش آن آمده است',
    'no-image-consent': 'یکی از اشخاص این رویداد به استفاده از تصویرش برای این گیرنده رضایت نداده است',
    'depicted-without-image-consent': 'شخصی که این مدرک نشانش می‌دهد به استفاده از تصویرش برای این گیرنده رضایت نداده است',
    'recorded-without-voice-consent': 'شخصی که صدایش در این ثبت است به استفاده از تصویر یا صدایش برای این گیرنده رضایت نداده است',
    'need-to-know': 'این رویداد محرمانه (نیاز به دانستن) است و سازندهٔ این پرونده مجوز آن را ندارد؛ تنها هش آن آمده است'
  },
  sha256: 'SHA-256',
  sha512: 'SHA-512',
  fileSha256: 'SHA-256 فایل ارائه‌شده',
  captureMetadata: 'متادیتای ثبت',
  metadataWithheld: 'در این سطح افشا نشان داده نمی‌شود',
  noMetadata: 'در فایل نیست',
  capturedAt: 'زمان ثبت',
  deviceCaptureToUpload: 'ثبت در دستگاهِ ثبت‌شده ← دریافت در سند',
  gapDuration: (d, h) => `${d} روز و ${h} ساعت بعد`,
  gps: 'GPS',
  device: 'دستگاه',
  software: 'نرم‌افزار',
  dimensions: 'ابعاد',
  duration: 'مدت (ثانیه)',
  consistencyFlags: 'نشانه‌های ناهمخوانی',
  noFlags: 'هیچ',
  source: 'منبع',
  collected: 'جمع‌آوری',
  description: 'شرح',
  ingestEntry: 'ثبت دریافت در دفتر',
  custody: 'سابقهٔ حفاظت',
  ledgerIndex: 'شماره',
  time: 'زمان (UTC)',
  event: 'رویداد',
  actor: 'عامل',
  details: 'جزئیات',
  thumbnail: 'تصویر کوچک',
  thumbnailWithheld: 'تصویر نشان داده نمی‌شود: یکی از اشخاص این رویداد به استفاده از تصویرش رضایت نداده است.',
  verifying: 'بررسی این پرونده',
  verifyText:
    'هر کسی که کلید تأیید دفتر (چاپ‌شده روی جلد) را از منبع مستقل داشته باشد، می‌تواند این پرونده را بدون سرور سند بررسی کند: امضای فهرست، امضای نقطهٔ بررسی، هش هر فایل و اثبات شمول ثبت دریافت هر مدرک.',
  verifyCommand: 'npm run verify-export -- FILE --key KEY [--receipt RECEIPT.json]',
  independentText:
    'امضای فهرست: Ed25519 روی "sanad-manifest-v1" و یک سطر نو و بایت‌های manifest.json (RFC 8785)؛ checkpoint.txt یک یادداشت امضاشدهٔ C2SP است؛ اثبات شمول طبق RFC 9162.',
  bytes: 'بایت',
  connectedCrime: 'جنایت مرتبط',
  verification: 'راستی‌آزمایی',
  verificationStatuses: { verified: 'تأیید شده', 'partly-verified': 'بخشی تأیید شده', unverified: 'تأیید نشده' },
  custodyBefore: {
    timeline: 'حفاظت از زمان جمع‌آوری',
    occurred: 'زمان وقوع',
    custodian: 'نگهدارنده',
    uploaded: 'در سند بارگذاری شد',
    gap: '{days} روز میان جمع‌آوری و بارگذاری',
    register: 'فهرست نگهدارندگان',
    registerText:
      'نگهدارندگان تنها با شناسهٔ حساب و کد کارمند نام برده شده‌اند؛ هویت آنان نزد سازمان نگهداری می‌شود و سازمان در صورت درخواست آن را تصدیق می‌کند.',
    account: 'حساب',
    staffCode: 'کد کارمند',
    role: 'نقش',
    roles: { admin: 'مدیر سیستم', documenter: 'مستندساز', reviewer: 'بازبین', legal: 'رابط حقوقی', auditor: 'بازرس' },
    declaration: 'اظهارنامهٔ جمع‌آورنده',
    declarationText:
      'اعلام می‌کنم که این مورد را چنانکه ثبت شده جمع‌آوری یا دریافت کرده‌ام، تا جایی که می‌دانم از زمانی که به دست من رسیده تغییر نکرده است، و رویدادهای حفاظتی که ثبت کرده‌ام درست است.',
    sealedFields: { url: 'نشانی اینترنتی', postId: 'شناسهٔ پست', tool: 'ابزار', sealNumber: 'شمارهٔ مهر', note: 'یادداشت' }
  },
  verificationPhases: { source: 'تحلیل منبع', technical: 'تحلیل فنی', content: 'تحلیل محتوا' },
  verificationMethods: {
    'source-interview': 'مصاحبه با منبع',
    'source-profile': 'نمایهٔ منبع',
    'source-history': 'سابقهٔ منبع',
    'account-analysis': 'تحلیل حساب کاربری',
    'chain-of-custody-review': 'بررسی زنجیرهٔ نگهداری',
    geolocation: 'مکان‌یابی',
    chronolocation: 'زمان‌یابی',
    'metadata-analysis': 'تحلیل متادیتا',
    'reverse-image-search': 'جستجوی معکوس تصویر',
    'file-integrity-analysis': 'تحلیل تمامیت فایل',
    'audio-analysis': 'تحلیل صدا',
    'satellite-imagery-comparison': 'مقایسه با تصاویر ماهواره‌ای',
    corroboration: 'تأیید از منابع دیگر',
    consistency: 'بررسی همخوانی',
    'expert-review': 'بررسی کارشناس',
    'weapon-identification': 'شناسایی سلاح',
    'language-and-dialect': 'زبان و گویش',
    other: 'روش دیگر'
  }
}

const ps: DossierLabels = {
  engine: {
    contents: 'منځپانګه',
    pageOf: 'مخ {page} له {pages}',
    continued: '(دوام)',
    noData: 'معلومات نشته',
    imageUnreadable: 'انځور ونه ښودل شو'
  },
  caseFile: 'دوسیه',
  recipient: 'ترلاسه کوونکی',
  recipients: {
    'icc-otp': 'د نړیوالې جزايي محکمې د څارنوال دفتر',
    'un-iima': 'د افغانستان لپاره د ملګرو ملتونو خپلواک تحقیقاتي میکانیزم',
    national: 'ملي څارنوالي مراجع',
    public: 'عامه خلک'
  },
  profile: 'د افشا کچه',
  profiles: { full: 'بشپړ', restricted: 'محدود', public: 'عامه' },
  profileMeaning: {
    full: 'هویت یوازې د هغو کسانو ښودل کېږي چې دې ترلاسه کوونکي ته یې د افشا رضایت ورکړی؛ دقیق ځای؛ اصلي فایلونه له میټاډېټا سره.',
    restricted: 'یوازې مستعار نومونه؛ ځای د ولسوالۍ په کچه؛ د انځورونو بې میټاډېټا نسخې؛ نورې رسنۍ یوازې د هش له مخې.',
    public: 'شمېرې او مستعار نومونه؛ ځای د ولایت په کچه؛ د رسنیو میټاډېټا نشته؛ انځورونه یوازې د ټولو اړوندو کسانو په رضایت.'
  },
  submittedBy: 'وړاندې کوونکی',
  contact: 'د اړیکې پته',
  focalPoint: 'د اړیکې کس',
  letter: {
    title: 'ملګری لیک',
    to: 'ته',
    from: 'له',
    date: 'نېټه',
    subject: (ref, title) => `د ${ref} دوسیې لېږل: ${title}`,
    intro: (n, e) =>
      `تړلې دوسیه چې ${n} مستندې پېښې او ${e} شواهد لري ستاسو د ارزونې لپاره وړاندې کوو. تورونه او د صلاحیت اړوند حقایق لاندې لنډ شوي دي؛ په دې لیک کې د هېڅ کس نوم نه دی راغلی.`,
    allegations: 'د تورونو لنډیز',
    temporal: 'وختي حدود',
    territorial: 'ځمکني حدود',
    personal: 'اغېزمن کسان',
    victims: (n) => `${n} قربانیان ثبت شوي`,
    requests: 'غوښتنې',
    protectiveMeasures:
      'د ساتنې تدابیر: دا دوسیه هغه شاهدان او قربانیان پېژني چې یوازې تاسو ته یې د خپل هویت د افشا رضایت ورکړی. غوښتنه کوو چې د دوی هویت وساتل شي، نور افشا نه شي او له دوی سره د هر اړیکې نه مخکې له موږ سره مشوره وشي.',
    confidentiality: 'دا دوسیه محرمه وګڼل شي او ستاسو د شواهدو د خوندي ساتنې په نظام کې وساتل شي.',
    acknowledge: 'د دوسیې ترلاسه کول ستاسو د ماخذ شمېرو سره تایید شي؛ د شواهدو لړلیک (exhibits.csv) د دې لپاره یو ستون لري.',
    annexes: 'ضمیمې',
    annexList: (e) => [
      'ضمیمه ۱: همدا دوسیه (PDF) د لاسلیک شوي مانیفست او د ثبت دفتر د کنټرول ټکي سره',
      `ضمیمه ۲: د شواهدو بسته (BagIt) چې ${e} شواهد یې په exhibits.csv کې لړلیک شوي`,
      'ضمیمه ۳: خپلواکه تاییدوونکي (verify.html او verify-package.mjs) او د دې صادرولو رسید'
    ],
    declarationTitle: 'د اصالت اعلامیه',
    declaration: (officer, org, ref) =>
      `زه ${officer}، په ${org} کې مسؤل کارکوونکی، اعلانوم چې د ${ref} دوسیې شواهد د هغو توکو سمې کاپۍ دي چې ${org} یې ساتي او د ثبت له وخته یې بدلون نه دی موندلی، لکه څنګه چې د SHA-256 او SHA-512 هشونه او د ساتنې لاسلیک شوی دفتر ښيي، او دا دوسیه زموږ له ریکارډونو پرته له بدلون جوړه شوې ده.`,
    signedBy: 'لاسلیک کوونکی',
    signature: 'لاسلیک',
    roles: { legal: 'حقوقي مسؤل', admin: 'د سیستم مدیر' }
  },
  classification: {
    full: 'محرم — بشپړ پروفایل — د خوندي شویو کسانو هویتونه لري',
    restricted: 'محدود — سانسور شوی پروفایل — په مستعارو نومونو، یوازې د نومول شوي ترلاسه کوونکي لپاره',
    public: 'عامه — عامه پروفایل — یوازې ټولیزې شمېرې او مستعار نومونه'
  },
  purpose: 'موخه',
  generated: 'د جوړېدو نېټه',
  reference: 'د دوسیې شمېره',
  incidents: 'پېښې',
  exhibits: 'اسناد',
  checkpoint: 'د ساتنې د دفتر کنټرول ټکی',
  rootHash: 'د کنټرول ټکي د رېښې هش',
  timestamp: 'د کنټرول ټکي RFC 3161 وخت ټاپه',
  noTimestamp: 'نشته',
  noTimestampNoAuthority: 'وخت‌ټاپه نه لري: د وخت‌ټاپې هېڅ مرجع نه ده ټاکل شوې',
  pdfSignature: 'د دې PDF لاسلیک',
  selfSignedNote: 'ځان‌لاسلیک شوی سند: هېڅ مرجع یې نه تاییدوي؛ د هغه ګوتو نښه له هغې سره پرتله کړئ چې سازمان یې خپروي',
  caseRevision: 'د قضیې نسخه',
  outsideIccWindow: (refs) =>
    `د ۲۰۰۳ کال د مۍ له لومړۍ (د ۱۳۸۲ کال د غویي ۱۱مه) مخکې چلند، کومه ورځ چې د روم اساسنامه د افغانستان لپاره نافذه شوه، د نړیوالې جزايي محکمې له صلاحیت څخه بهر دی. دا پېښې یوازې همداسې چلند لري او په دې لنډیز کې نه دي شمېرل شوې: ${refs}.`,
  notVerified: (refs) => `دا پېښې لا تر اوسه نه دي تایید شوې (د هرې یوې حالت ورسره چاپ شوی): ${refs}.`,
  legalReview: 'حقوقي بیاکتنه',
  nexusReview:
    'د ۲۰۲۱ کال د اګست له ۱۵مې (د ۱۴۰۰ کال د زمري ۲۴مه) وروسته چلند د جنګي جرم توصیف: له وسله‌والې شخړې سره اړیکه حقوقي بیاکتنې ته اړتیا لري.',
  manifestSha256: 'د لاسلیک شوي فهرست SHA-256',
  pages: 'پاڼې',
  filePages: 'دا فایل {pages} پاڼې لري',
  verifierKey: 'د دفتر د تایید کیلي',
  coverNote:
    'د هر سند هش او د ساتنې هر ثبت د لاسلیک شوي فهرست او کنټرول ټکي له مخې له سرور پرته ازمویل کېدای شي. د اسنادو د ثبت شمېرې ترلاسه کوونکی دفتر ټاکي.',
  about: 'د دې دوسیې په اړه',
  aboutText: ({ recipient, profile }) => `دا دوسیه د ${recipient} لپاره د «${profile}» افشا کچې سره جوړه شوې ده.`,
  consentText:
    'کسان یوازې هغه وخت په نوم یادېږي چې دې ترلاسه کوونکي ته یې رضایت ورکړی وي او د افشا کچه یې اجازه ورکړي؛ نور په ثابت مستعار نوم راغلي. هغه څوک چې د ساتنې رضایت یې بېرته اخیستی په بشپړه توګه لرې شوی. د جنسي تاوتریخوالي په پېښو کې د کسانو هویت (د مراد کوډ) یوازې د جوړوونکي د اجازې سره افشا کېږي.',
  methodText:
    'هر سند د ترلاسه کېدو پر مهال هش شوی (SHA-256 او SHA-512) او د ساتنې په نه بدلېدونکي دفتر کې ثبت شوی؛ اصلي فایلونه هېڅکله نه بدلېږي او بې میټاډېټا نسخې د سرچینې د ثبت سره جوړېږي (د برکلي پروتوکول او د څارنوال دفتر او یوروجسټ لارښوونې).',
  attachmentsText:
    'د دې PDF ضمیمې: manifest.json، manifest.sig، checkpoint.txt، custody.json، checkpoint.tsr (که وي) او د اسنادو هغه فایلونه چې د ضمیمې په بودیجه کې ځای شي. د اسنادو کڅوړه ټول فایلونه لري.',
  leftOut: 'له دې دوسیې لرې شوي',
  leftOutRetracted: 'د دوسیې تر جوړېدو وروسته بېرته واخیستل شوه',
  summary: 'لنډیز',
  byCategory: 'پېښې د ډول له مخې',
  byProvince: 'پېښې د ولایت له مخې',
  byMonth: 'پېښې د میاشتې له مخې',
  category: 'ډول',
  romeStatute: 'د روم اساسنامه',
  count: 'شمېر',
  province: 'ولایت',
  month: 'میاشت',
  totals: 'ټولټال',
  victims: 'قربانیان',
  killed: 'وژل شوي',
  injured: 'ټپیان',
  patterns: 'بېلګې',
  attack: 'برید',
  widespread: 'پراخ',
  systematic: 'سیستماتیک',
  targetedPopulation: 'په نښه شوي وګړي',
  period: 'موده',
  policyEvidence: 'د پالیسۍ شواهد',
  yes: 'هو',
  no: 'نه',
  incident: 'پېښه',
  revision: 'نسخه',
  status: 'حالت',
  date: 'نېټه (میلادي)',
  dateSolarHijri: 'نېټه (لمریز هجري)',
  precision: 'د نېټې دقت',
  place: 'ځای',
  placeLevel: { exact: 'لکه څنګه چې ثبت شوی', district: 'د ولسوالۍ په کچه', province: 'د ولایت په کچه' },
  coordinates: 'همغږي',
  categories: 'ډولونه',
  flags: 'نښې',
  perpetrators: 'مرتکبین',
  perpetratorsAndLinkage: 'ادعا شوي مرتکبین او د هغوی تړاو',
  perpetratorsAndLinkageIntro:
    'هر کرښه یو ادعا شوی مرتکب (یو کس، په مستعار نوم مګر دا چې افشا کول نوم ته اجازه ورکړي، یا یو سازمان یا واحد) له یوې پېښې سره د روم اساسنامې د مسؤلیت د یوې بڼې (۲۵(۳) ماده یا ۲۸ ماده) له مخې تړي، له مودې، اسنادو او سرچینو سره چې ملاتړ یې کوي. دا د ارزونې لپاره ثبت شوې ادعاوې دي، نه موندنې.',
  allegedPerpetrator: 'ادعا شوی مرتکب',
  modeOfLiability: 'د مسؤلیت بڼه',
  orgKinds: { organisation: 'سازمان', unit: 'واحد' },
  sources: 'سرچینې',
  narrative: 'روایت',
  narrativeWithheld:
    'دا پېښه د جنسي تاوتریخوالي یا بلې داسې موضوع په اړه ده چې یوازې واکمن کسان یې پېژني: سرلیک، روایت او یادښتونه یې نه خپرېږي. دا پېښه یوازې د کټګورۍ، نېټې او ولایت له مخې شمېرل شوې ده.',
  narrativeIn: (language) => `روایت په اصلي ژبه (${language})`,
  legalQualification: 'حقوقي توصیف',
  notQualified: 'د هر عنصر ارزونه نه ده ثبت شوې؛ د ثابتولو عناصر:',
  element: 'عنصر',
  contextual: 'شرایطي (بېلګه)',
  elementStatus: 'ارزونه',
  supportingExhibits: 'ملاتړي اسناد',
  none: 'هېڅ',
  note: 'یادښت',
  assessedBy: 'ارزونکی',
  persons: 'کسان',
  role: 'رول',
  roles: { victim: 'قرباني', witness: 'شاهد', source: 'سرچینه', perpetrator: 'مرتکب' },
  shownAs: 'ښودنه',
  name: 'نوم',
  pseudonymOnly: 'یوازې مستعار نوم',
  pseudonym: 'مستعار نوم',
  fileName: 'د فایل نوم',
  issuedBy: 'صادروونکی',
  ref: 'مرجع',
  noPersons: 'د دې پېښې لپاره هېڅ کس نه دی افشا شوی.',
  exhibitList: 'د اسنادو لړلیک',
  number: 'شمېره',
  stableId: 'د سند ثابت پېژند',
  recipientRef: 'د ترلاسه کوونکي د مرجع شمېره',
  type: 'د فایل ډول',
  size: 'اندازه',
  carried: 'د وړاندې کولو بڼه',
  variants: { original: 'اصلي', shared: 'بې میټاډېټا نسخه', withheld: 'نه دی شامل' },
  placement: { attached: 'د دې PDF ضمیمه', package: 'یوازې د اسنادو په کڅوړه کې', withheld: 'یوازې د هش له مخې' },
  withheldReasons: {
    'no-metadata-free-copy': 'له دې ډول فایل څخه بې میټاډېټا نسخه نه جوړېږي؛ په دې کچه یوازې هش یې راغلی',
    'no-image-consent': 'د دې پېښې یو کس دې ترلاسه کوونکي ته د خپل انځور د کارولو رضایت نه دی ورکړی',
    'depicted-without-image-consent': 'هغه کس چې دا سند یې ښيي دې ترلاسه کوونکي ته د خپل انځور د کارولو رضایت نه دی ورکړی',
    'recorded-without-voice-consent': 'هغه کس چې غږ یې په دې ثبت کې دی دې ترلاسه کوونکي ته د خپل انځور یا غږ د کارولو رضایت نه دی ورکړی',
    'need-to-know': 'دا پېښه محرمه (د پوهېدو اړتیا) ده او د دې دوسیې جوړوونکی یې اجازه نه لري؛ یوازې هش یې راغلی'
  },
  sha256: 'SHA-256',
  sha512: 'SHA-512',
  fileSha256: 'د وړاندې شوي فایل SHA-256',
  captureMetadata: 'د ثبت میټاډېټا',
  metadataWithheld: 'په دې کچه نه ښودل کېږي',
  noMetadata: 'په فایل کې نشته',
  capturedAt: 'د ثبت وخت',
  deviceCaptureToUpload: 'په ثبت شوې وسیله کې ثبت ← په سند کې ترلاسه',
  gapDuration: (d, h) => `${d} ورځې او ${h} ساعته وروسته`,
  gps: 'GPS',
  device: 'وسیله',
  software: 'سافټویر',
  dimensions: 'اندازې',
  duration: 'موده (ثانیې)',
  consistencyFlags: 'د نه همغږۍ نښې',
  noFlags: 'هېڅ',
  source: 'سرچینه',
  collected: 'راټول شوی',
  description: 'تشریح',
  ingestEntry: 'په دفتر کې د ترلاسه کېدو ثبت',
  custody: 'د ساتنې تاریخچه',
  ledgerIndex: 'شمېره',
  time: 'وخت (UTC)',
  event: 'پېښه',
  actor: 'کړونکی',
  details: 'جزییات',
  thumbnail: 'کوچنی انځور',
  thumbnailWithheld: 'انځور نه ښودل کېږي: د دې پېښې یو کس د خپل انځور د کارولو رضایت نه دی ورکړی.',
  verifying: 'د دې دوسیې ازموینه',
  verifyText:
    'هر څوک چې د دفتر د تایید کیلي (پر پوښ چاپ شوې) له خپلواکې سرچینې ولري، کولای شي دا دوسیه د سند له سرور پرته وازمويي: د فهرست لاسلیک، د کنټرول ټکي لاسلیک، د هر فایل هش او د هر سند د ترلاسه کېدو د ثبت د شمول ثبوت.',
  verifyCommand: 'npm run verify-export -- FILE --key KEY [--receipt RECEIPT.json]',
  independentText:
    'د فهرست لاسلیک: Ed25519 پر "sanad-manifest-v1"، یوه نوې کرښه او د manifest.json بایټونه (RFC 8785)؛ checkpoint.txt د C2SP لاسلیک شوی یادښت دی؛ د شمول ثبوتونه د RFC 9162 له مخې.',
  bytes: 'بایټه',
  connectedCrime: 'تړلی جرم',
  verification: 'تصدیق',
  verificationStatuses: { verified: 'تصدیق شوی', 'partly-verified': 'په برخه‌ییز ډول تصدیق شوی', unverified: 'نه دی تصدیق شوی' },
  custodyBefore: {
    timeline: 'له راټولولو راهیسې ساتنه',
    occurred: 'د پېښې وخت',
    custodian: 'ساتونکی',
    uploaded: 'سند ته پورته شو',
    gap: 'د راټولولو او پورته کولو ترمنځ {days} ورځې',
    register: 'د ساتونکو لړلیک',
    registerText:
      'ساتونکي یوازې د حساب د پېژند او د کارمند د کوډ له مخې یاد شوي؛ د هغوی هویت له سازمان سره ساتل کېږي او سازمان یې د غوښتنې پر مهال تاییدوي.',
    account: 'حساب',
    staffCode: 'د کارمند کوډ',
    role: 'رول',
    roles: { admin: 'د سیستم مدیر', documenter: 'مستندوونکی', reviewer: 'بیاکتونکی', legal: 'حقوقي اړیکه‌نیوونکی', auditor: 'پلټونکی' },
    declaration: 'د راټولوونکي اعلامیه',
    declarationText:
      'زه اعلانوم چې دا توکی مې لکه څنګه چې ثبت شوی راټول یا ترلاسه کړی، تر هغه ځایه چې زه پوهېږم له هغه وخته چې زما په واک کې راغلی بدل شوی نه دی، او هغه د ساتنې پېښې چې ما ثبت کړې رښتیا دي.',
    sealedFields: { url: 'د انټرنیټ پته', postId: 'د پوسټ پېژند', tool: 'وسیله', sealNumber: 'د مهر شمېره', note: 'یادښت' }
  },
  verificationPhases: { source: 'د سرچینې تحلیل', technical: 'تخنیکي تحلیل', content: 'د محتوا تحلیل' },
  verificationMethods: {
    'source-interview': 'له سرچینې سره مرکه',
    'source-profile': 'د سرچینې پېژندنه',
    'source-history': 'د سرچینې مخینه',
    'account-analysis': 'د حساب تحلیل',
    'chain-of-custody-review': 'د ساتنې د لړۍ بیاکتنه',
    geolocation: 'ځای موندنه',
    chronolocation: 'وخت موندنه',
    'metadata-analysis': 'د میټاډېټا تحلیل',
    'reverse-image-search': 'د انځور معکوس لټون',
    'file-integrity-analysis': 'د فایل د بشپړتیا تحلیل',
    'audio-analysis': 'د غږ تحلیل',
    'satellite-imagery-comparison': 'له سپوږمکۍ انځورونو سره پرتله',
    corroboration: 'له نورو سرچینو تایید',
    consistency: 'د همغږۍ کتنه',
    'expert-review': 'د کارپوه بیاکتنه',
    'weapon-identification': 'د وسلې پېژندنه',
    'language-and-dialect': 'ژبه او لهجه',
    other: 'بله طریقه'
  }
}

export const LABELS: Record<DossierLanguage, DossierLabels> = { en, fa, ps }
