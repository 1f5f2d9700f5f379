import type { DossierLanguage } from './labels.ts'

/**
 * The dossier's words for a pattern's context and scale and for the evidence chart (#18 items 1, 7),
 * in English, Dari and Pashto. Kept beside labels.ts so the closed lists they translate (contextual
 * elements, override reasons, organisation types, age groups) are checked in one place:
 * test/modules/cases/pattern-dossier.test.ts fails when a code of these lists has no word here.
 */
export type PatternLabels = {
  contextualElements: string
  contextElements: Record<
    | 'attack-on-civilian-population'
    | 'widespread-or-systematic'
    | 'state-or-organisational-policy'
    | 'part-of-the-attack'
    | 'knowledge-of-the-attack',
    string
  >
  overrideReasons: Record<
    | 'outside-pattern-period'
    | 'outside-pattern-area'
    | 'different-perpetrator'
    | 'nexus-not-shown'
    | 'knowledge-not-shown'
    | 'incident-specific-evidence',
    string
  >
  organisationTypes: Record<'de-facto-authorities' | 'state-agent' | 'armed-group' | 'militia' | 'unknown', string>
  sexes: Record<'female' | 'male' | 'intersex' | 'unknown', string>
  ageGroups: Record<'child' | 'adult' | 'older-person' | 'unknown', string>
  attackingOrganisation: string
  memberIncidents: string
  scale: string
  incidentCount: string
  victimsBySex: string
  victimsByAgeGroup: string
  provinces: string
  period: string
  scaleNote: string
  assessor: string
  assessedOn: string
  /** "Inherited from pattern SND-P-…, assessed by user:… on 2026-…". */
  inherited: (pattern: string, assessor: string, date: string) => string
  /** An element the pattern has not assessed yet. */
  inheritedNotAssessed: (pattern: string) => string
  /** "Overridden for this incident: <reason>". */
  overridden: (reason: string, assessor: string, date: string) => string
  evidenceChart: string
  evidenceChartNote: string
  exhibit: string
  sourceReliability: string
  verification: string
  noVerification: string
  noChartRows: string
  admiraltyLegend: string
  reliability: Record<'A' | 'B' | 'C' | 'D' | 'E' | 'F', string>
  credibility: Record<'1' | '2' | '3' | '4' | '5' | '6', string>
}

const en: PatternLabels = {
  contextualElements: 'Contextual elements (assessed once for the pattern)',
  contextElements: {
    'attack-on-civilian-population': 'An attack directed against a civilian population',
    'widespread-or-systematic': 'The attack was widespread or systematic',
    'state-or-organisational-policy': 'A State or organisational policy behind the attack',
    'part-of-the-attack': 'Nexus: the conduct formed part of the attack',
    'knowledge-of-the-attack': 'Knowledge of the attack'
  },
  overrideReasons: {
    'outside-pattern-period': 'the incident falls outside the period of the pattern',
    'outside-pattern-area': 'the incident falls outside the area of the pattern',
    'different-perpetrator': 'a different perpetrator from the attacking organisation',
    'nexus-not-shown': 'the link of this conduct to the attack is not shown',
    'knowledge-not-shown': "the perpetrator's knowledge of the attack is not shown",
    'incident-specific-evidence': 'evidence particular to this incident'
  },
  organisationTypes: {
    'de-facto-authorities': 'De facto authorities (Taliban)',
    'state-agent': 'State agent',
    'armed-group': 'Armed group',
    militia: 'Militia',
    unknown: 'Unknown'
  },
  sexes: { female: 'female', male: 'male', intersex: 'intersex', unknown: 'not recorded' },
  ageGroups: {
    child: 'children (under 18)',
    adult: 'adults (18–59)',
    'older-person': 'older persons (60 and over)',
    unknown: 'age not recorded'
  },
  attackingOrganisation: 'Attacking organisation',
  memberIncidents: 'Incidents of the pattern',
  scale: 'Scale',
  incidentCount: 'Incidents',
  victimsBySex: 'Victims by sex',
  victimsByAgeGroup: 'Victims by age group',
  provinces: 'Provinces',
  period: 'Period',
  scaleNote:
    'Computed from the incidents of the pattern the builder of this file may read; each victim counted once (persons recorded with the role victim).',
  assessor: 'Assessor',
  assessedOn: 'Date',
  inherited: (pattern, assessor, date) => `Inherited from pattern ${pattern} (assessed by ${assessor}, ${date})`,
  inheritedNotAssessed: (pattern) => `Inherited from pattern ${pattern} (not assessed yet)`,
  overridden: (reason, assessor, date) => `Overridden for this incident: ${reason} (${assessor}, ${date})`,
  evidenceChart: 'Evidence chart',
  evidenceChartNote:
    'Each legal element linked to an exhibit, with the admiralty grades of the sources recorded for the incident and the verification status of the exhibit.',
  exhibit: 'Exhibit',
  sourceReliability: 'Sources (A–F / 1–6)',
  verification: 'Verification',
  noVerification: 'no verification record',
  noChartRows: 'No element of this case is linked to an exhibit.',
  admiraltyLegend: 'Admiralty grading: reliability of the source (A–F) and credibility of the information (1–6)',
  reliability: {
    A: 'A — completely reliable',
    B: 'B — usually reliable',
    C: 'C — fairly reliable',
    D: 'D — not usually reliable',
    E: 'E — unreliable',
    F: 'F — reliability cannot be judged'
  },
  credibility: {
    '1': '1 — confirmed by other sources',
    '2': '2 — probably true',
    '3': '3 — possibly true',
    '4': '4 — doubtful',
    '5': '5 — improbable',
    '6': '6 — truth cannot be judged'
  }
}

const fa: PatternLabels = {
  contextualElements: 'عناصر زمینه‌ای (یک بار برای الگو ارزیابی شده)',
  contextElements: {
    'attack-on-civilian-population': 'حمله علیه جمعیت غیرنظامی',
    'widespread-or-systematic': 'حمله گسترده یا سیستماتیک بود',
    'state-or-organisational-policy': 'سیاست دولتی یا سازمانی در پشت حمله',
    'part-of-the-attack': 'ارتباط: عمل بخشی از آن حمله بود',
    'knowledge-of-the-attack': 'آگاهی از حمله'
  },
  overrideReasons: {
    'outside-pattern-period': 'رویداد بیرون از دورهٔ الگو است',
    'outside-pattern-area': 'رویداد بیرون از ساحهٔ الگو است',
    'different-perpetrator': 'عامل دیگری جز سازمان حمله‌کننده',
    'nexus-not-shown': 'ارتباط این عمل با حمله نشان داده نشده است',
    'knowledge-not-shown': 'آگاهی عامل از حمله نشان داده نشده است',
    'incident-specific-evidence': 'شواهد ویژهٔ همین رویداد'
  },
  organisationTypes: {
    'de-facto-authorities': 'مقامات بالفعل (طالبان)',
    'state-agent': 'مأمور دولتی',
    'armed-group': 'گروه مسلح',
    militia: 'ملیشه',
    unknown: 'نامعلوم'
  },
  sexes: { female: 'زن', male: 'مرد', intersex: 'میان‌جنسی', unknown: 'ثبت نشده' },
  ageGroups: { child: 'کودکان (زیر ۱۸)', adult: 'بزرگسالان (۱۸ تا ۵۹)', 'older-person': 'سالمندان (۶۰ و بالاتر)', unknown: 'سن ثبت نشده' },
  attackingOrganisation: 'سازمان حمله‌کننده',
  memberIncidents: 'رویدادهای الگو',
  scale: 'مقیاس',
  incidentCount: 'رویدادها',
  victimsBySex: 'قربانیان بر اساس جنس',
  victimsByAgeGroup: 'قربانیان بر اساس گروه سنی',
  provinces: 'ولایات',
  period: 'دوره',
  scaleNote:
    'از رویدادهای الگو که سازندهٔ این پرونده اجازهٔ خواندن آن‌ها را دارد محاسبه شده است؛ هر قربانی یک بار شمرده شده است (اشخاصی که با نقش قربانی ثبت شده‌اند).',
  assessor: 'ارزیاب',
  assessedOn: 'تاریخ',
  inherited: (pattern, assessor, date) => `از الگوی ${pattern} به ارث رسیده (ارزیابی توسط ${assessor}، ${date})`,
  inheritedNotAssessed: (pattern) => `از الگوی ${pattern} به ارث رسیده (هنوز ارزیابی نشده)`,
  overridden: (reason, assessor, date) => `برای این رویداد جداگانه ارزیابی شده: ${reason} (${assessor}، ${date})`,
  evidenceChart: 'جدول شواهد',
  evidenceChartNote: 'هر عنصر حقوقی که به یک مدرک پیوند داده شده، با درجه‌بندی منابع ثبت‌شده برای رویداد و وضعیت تأیید مدرک.',
  exhibit: 'مدرک',
  sourceReliability: 'منابع (A تا F / ۱ تا ۶)',
  verification: 'تأیید',
  noVerification: 'هیچ سابقهٔ تأیید نیست',
  noChartRows: 'هیچ عنصری از این پرونده به مدرکی پیوند داده نشده است.',
  admiraltyLegend: 'درجه‌بندی ادمیرالتی: اعتبار منبع (A تا F) و باورپذیری معلومات (۱ تا ۶)',
  reliability: {
    A: 'A — کاملاً معتبر',
    B: 'B — معمولاً معتبر',
    C: 'C — نسبتاً معتبر',
    D: 'D — معمولاً نامعتبر',
    E: 'E — نامعتبر',
    F: 'F — اعتبار قابل داوری نیست'
  },
  credibility: {
    '1': '۱ — توسط منابع دیگر تأیید شده',
    '2': '۲ — احتمالاً درست',
    '3': '۳ — شاید درست',
    '4': '۴ — مشکوک',
    '5': '۵ — نامحتمل',
    '6': '۶ — درستی قابل داوری نیست'
  }
}

const ps: PatternLabels = {
  contextualElements: 'شرایطي عناصر (د بېلګې لپاره یو ځل ارزول شوي)',
  contextElements: {
    'attack-on-civilian-population': 'پر ملکي وګړو برید',
    'widespread-or-systematic': 'برید پراخ یا سیستماتیک و',
    'state-or-organisational-policy': 'د برید تر شا دولتي یا سازماني پالیسي',
    'part-of-the-attack': 'اړیکه: عمل د هغه برید برخه وه',
    'knowledge-of-the-attack': 'د برید په اړه پوهاوی'
  },
  overrideReasons: {
    'outside-pattern-period': 'پېښه د بېلګې له مودې بهر ده',
    'outside-pattern-area': 'پېښه د بېلګې له سیمې بهر ده',
    'different-perpetrator': 'له برید کوونکي سازمان پرته بل مرتکب',
    'nexus-not-shown': 'د دې عمل اړیکه له برید سره نه ده ښودل شوې',
    'knowledge-not-shown': 'د مرتکب پوهاوی له برید څخه نه دی ښودل شوی',
    'incident-specific-evidence': 'یوازې د همدې پېښې شواهد'
  },
  organisationTypes: {
    'de-facto-authorities': 'سرپرست چارواکي (طالبان)',
    'state-agent': 'دولتي استازی',
    'armed-group': 'وسله وال ګروپ',
    militia: 'ملېشه',
    unknown: 'نامعلوم'
  },
  sexes: { female: 'ښځه', male: 'نارینه', intersex: 'منځنی جنس', unknown: 'نه دی ثبت شوی' },
  ageGroups: { child: 'ماشومان (له ۱۸ کم)', adult: 'لویان (۱۸ تر ۵۹)', 'older-person': 'زاړه (۶۰ او پورته)', unknown: 'عمر نه دی ثبت شوی' },
  attackingOrganisation: 'برید کوونکی سازمان',
  memberIncidents: 'د بېلګې پېښې',
  scale: 'کچه',
  incidentCount: 'پېښې',
  victimsBySex: 'قربانیان د جنس له مخې',
  victimsByAgeGroup: 'قربانیان د عمر د ډلې له مخې',
  provinces: 'ولایتونه',
  period: 'موده',
  scaleNote:
    'د بېلګې له هغو پېښو شمېرل شوې چې د دې دوسیې جوړوونکی یې لوستلای شي؛ هر قرباني یو ځل شمېرل شوی (هغه کسان چې د قرباني په رول ثبت شوي).',
  assessor: 'ارزوونکی',
  assessedOn: 'نېټه',
  inherited: (pattern, assessor, date) => `له ${pattern} بېلګې څخه اخیستل شوی (ارزونه: ${assessor}، ${date})`,
  inheritedNotAssessed: (pattern) => `له ${pattern} بېلګې څخه اخیستل شوی (لا نه دی ارزول شوی)`,
  overridden: (reason, assessor, date) => `د دې پېښې لپاره جلا ارزول شوی: ${reason} (${assessor}، ${date})`,
  evidenceChart: 'د شواهدو جدول',
  evidenceChartNote: 'هر حقوقي عنصر چې له یو مدرک سره تړل شوی، د پېښې لپاره د ثبت شویو سرچینو درجې او د مدرک د تایید حالت سره.',
  exhibit: 'مدرک',
  sourceReliability: 'سرچینې (A تر F / ۱ تر ۶)',
  verification: 'تایید',
  noVerification: 'د تایید هېڅ ریکارډ نشته',
  noChartRows: 'د دې دوسیې هېڅ عنصر له کوم مدرک سره نه دی تړل شوی.',
  admiraltyLegend: 'د اډمیرالټي درجه بندي: د سرچینې باور (A تر F) او د معلوماتو اعتبار (۱ تر ۶)',
  reliability: {
    A: 'A — بشپړ د باور وړ',
    B: 'B — معمولاً د باور وړ',
    C: 'C — تر یوه حده د باور وړ',
    D: 'D — معمولاً د باور وړ نه',
    E: 'E — د باور وړ نه',
    F: 'F — باور یې نه شي ارزول کېدای'
  },
  credibility: {
    '1': '۱ — د نورو سرچینو له خوا تایید شوی',
    '2': '۲ — شاید ریښتیا',
    '3': '۳ — کېدای شي ریښتیا وي',
    '4': '۴ — مشکوک',
    '5': '۵ — نامحتمل',
    '6': '۶ — ریښتینولي یې نه شي ارزول کېدای'
  }
}

export const PATTERN_LABELS: Record<DossierLanguage, PatternLabels> = { en, fa, ps }
