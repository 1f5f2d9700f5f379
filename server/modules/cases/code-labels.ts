/**
 * Words for the closed vocabularies a Dari or Pashto dossier prints (statuses, perpetrator types,
 * source types, custody events, flags, …). Taken from the web app's translations (web/src/i18n/fa.ts,
 * ps.ts) so the app and the file say the same thing; test/modules/cases/dossier-language.test.ts fails
 * when a code a schema defines is missing here. English dossiers print the codes themselves.
 */
export type CodeKind =
  | 'flagExplain'
  | 'incidentStatus'
  | 'precision'
  | 'coordinatePrecision'
  | 'elementStatus'
  | 'perpetratorType'
  | 'involvement'
  | 'liabilityMode'
  | 'organ'
  | 'sourceType'
  | 'evidenceSource'
  | 'flag'
  | 'custodyEvent'
  | 'custodyDetail'
  | 'custodyValue'
  | 'accessPurpose'
  | 'victimGroup'
  | 'victimDimension'

export type CodeLabels = Record<CodeKind, Readonly<Record<string, string>>>

export const FA_CODES: CodeLabels = {
  flagExplain: {
    OUTSIDE_ICC_JURISDICTION_WINDOW:
      'این عمل پیش از ۱ می ۲۰۰۳ (۱۱ ثور ۱۳۸۲) پایان یافته است، زمانی که صلاحیت دیوان بین‌المللی کیفری بر افغانستان آغاز می‌شود.',
    CAPTURE_OUTSIDE_INCIDENT_WINDOW:
      'زمانی که در فایل ذخیره شده پیش یا پس از تاریخ‌های رویداد است. ممکن است ساعت دستگاه غلط باشد، یا فایل چیز دیگری را نشان دهد.',
    GPS_FAR_FROM_INCIDENT: 'موقعیت GPS ذخیره‌شده در فایل از محل وقوع رویداد دور است.',
    GPS_OUTSIDE_AFGHANISTAN: 'موقعیت GPS ذخیره‌شده در فایل بیرون از افغانستان است.',
    EDITING_SOFTWARE:
      'در فایل نام یک برنامهٔ ویرایش آمده است. ممکن است تغییر داده شده باشد؛ فایل اصلی را از دستگاهی که آن را ثبت کرده بخواهید.',
    MODIFIED_AFTER_CAPTURE: 'فایل مدتی پس از ثبت دوباره ذخیره شده است. این معمولاً یعنی دوباره ذخیره یا ویرایش شده است.',
    NO_CAMERA_METADATA:
      'فایل زمان ثبت یا دستگاه را ندارد. پیام‌رسان‌هایی مانند واتس‌اپ این را پاک می‌کنند؛ این نشان نمی‌دهد که فایل جعلی است، اما منشأ آن از خود فایل تأیید نمی‌شود.',
    EXTENSION_MISMATCH: 'نام فایل نوع دیگری از فایل را نشان می‌دهد تا محتوای آن. ممکن است نام آن تغییر داده شده باشد.',
    METADATA_UNREADABLE: 'معلومات جاسازی‌شده در فایل خوانده نشد. ممکن است فایل خراب باشد؛ محتوای آن بدون تغییر نگه داشته می‌شود.'
  },
  incidentStatus: {
    draft: 'پیش‌نویس',
    'under-review': 'در حال بررسی',
    verified: 'تأیید شده',
    retracted: 'پس گرفته شده',
    submitted: 'در انتظار بازبینی',
    returned: 'برگشت داده شده به نویسنده'
  },
  precision: {
    day: 'روز دقیق',
    month: 'فقط ماه',
    year: 'فقط سال',
    range: 'میان دو تاریخ',
    estimate: 'تخمینی'
  },
  coordinatePrecision: {
    exact: 'دقیق',
    approximate: 'تقریبی',
    settlement: 'قریه یا شهر',
    district: 'ولسوالی',
    province: 'ولایت'
  },
  elementStatus: {
    'not-assessed': 'ارزیابی نشده',
    alleged: 'ادعا شده',
    'partly-supported': 'تا حدی پشتیبانی شده',
    supported: 'پشتیبانی شده',
    'not-supported': 'پشتیبانی نشده'
  },
  perpetratorType: {
    'de-facto-authorities': 'مقامات بالفعل (طالبان)',
    'state-agent': 'مأمور دولتی',
    'armed-group': 'گروه مسلح',
    militia: 'ملیشه',
    individual: 'فرد',
    unknown: 'نامعلوم'
  },
  involvement: {
    direct: 'مستقیماً انجام داده',
    ordered: 'دستور داده',
    aided: 'کمک کرده',
    acquiesced: 'تحمل کرده',
    alleged: 'ادعا شده',
    unknown: 'نامعلوم'
  },
  liabilityMode: {
    'direct-perpetration': 'ارتکاب مستقیم',
    'co-perpetration': 'ارتکاب مشترک',
    'indirect-perpetration': 'ارتکاب غیرمستقیم (از طریق دیگری)',
    ordering: 'دستور دادن',
    soliciting: 'درخواست کردن',
    inducing: 'تحریک کردن',
    'aiding-abetting': 'کمک و مساعدت',
    'common-purpose': 'مشارکت در هدف مشترک گروه',
    'superior-military': 'مسئولیت فرماندهٔ نظامی',
    'superior-civilian': 'مسئولیت مافوق غیرنظامی',
    unknown: 'نامعلوم'
  },
  organ: {
    gdi: 'ریاست عمومی استخبارات',
    mpvpv: 'وزارت امر به معروف و نهی از منکر',
    police: 'پولیس',
    courts: 'محاکم',
    army: 'اردو',
    prisons: 'زندان‌ها',
    'local-administration': 'ادارهٔ محلی'
  },
  sourceType: {
    'victim-testimony': 'شهادت قربانی',
    'witness-testimony': 'شهادت شاهد',
    'perpetrator-statement': 'اظهارات عامل',
    'photo-video': 'عکس یا ویدیو',
    document: 'سند',
    'official-decree': 'فرمان رسمی',
    'media-report': 'گزارش رسانه‌ای',
    'ngo-report': 'گزارش نهاد غیردولتی',
    'un-report': 'گزارش سازمان ملل',
    'social-media': 'رسانه‌های اجتماعی',
    other: 'دیگر'
  },
  evidenceSource: {
    'own-capture': 'ثبت شده توسط کارمندان خود ما',
    'messaging-app': 'دریافت شده از طریق پیام‌رسان',
    'url-download': 'دانلود شده از وب',
    'device-handover': 'تحویل داده شده روی یک دستگاه',
    other: 'دیگر'
  },
  flag: {
    OUTSIDE_ICC_JURISDICTION_WINDOW: 'پیش از صلاحیت دیوان',
    CAPTURE_OUTSIDE_INCIDENT_WINDOW: 'ثبت شده بیرون از تاریخ‌های رویداد',
    GPS_FAR_FROM_INCIDENT: 'دور از محل رویداد',
    GPS_OUTSIDE_AFGHANISTAN: 'ثبت شده بیرون از افغانستان',
    EDITING_SOFTWARE: 'ذخیره شده با نرم‌افزار ویرایش',
    MODIFIED_AFTER_CAPTURE: 'تغییر یافته پس از ثبت',
    NO_CAMERA_METADATA: 'بدون معلومات کمره',
    EXTENSION_MISMATCH: 'نام با محتوا نمی‌خواند',
    METADATA_UNREADABLE: 'معلومات ثبت خوانده نمی‌شود'
  },
  custodyEvent: {
    'physical-item-sealed': 'مهر و موم شد',
    'collector-declaration': 'اظهارنامهٔ جمع‌آورنده امضا شد',
    'collector-declared': 'اظهارنامهٔ جمع‌آورنده امضا شد',
    collected: 'جمع‌آوری شد',
    'captured-online': 'از اینترنت گرفته شد',
    received: 'دریافت شد',
    hashed: 'هش شد',
    ingested: 'به نگهداری گرفته شد',
    'integrity-verified': 'تمامیت تأیید شد',
    accessed: 'باز شد',
    'derived-copy-made': 'نسخه ساخته شد',
    'redacted-copy-made': 'نسخهٔ سانسورشده ساخته شد',
    'transcribed-or-translated': 'رونویسی یا ترجمه شد',
    verified: 'تأیید شد',
    transferred: 'انتقال یافت',
    'shared-with-recipient': 'به دریافت‌کننده تحویل شد',
    exported: 'صادر شد',
    annotated: 'یادداشت شد',
    restored: 'بازیابی شد',
    disposed: 'از بین برده شد',
    unknown: 'رویداد'
  },
  custodyDetail: {
    by: 'توسط',
    fromStaffCode: 'از کارمند',
    fromSource: 'از منبع',
    toStaffCode: 'به کارمند',
    medium: 'وسیلهٔ نگهداری',
    platform: 'پلتفرم',
    action: 'اقدام',
    template: 'متن اظهارنامه',
    incident: 'رویداد',
    variant: 'نسخه',
    purpose: 'هدف',
    mediaType: 'نوع',
    size: 'اندازه به بایت',
    declaredSha256Matched: 'SHA-256 محاسبه‌شده توسط فرستنده مطابقت داشت',
    copySha256: 'SHA-256 نسخه',
    method: 'روش',
    recipient: 'دریافت‌کننده',
    case: 'پرونده',
    dossier: 'دوسیه'
  },
  custodyValue: {
    victim: 'قربانی',
    witness: 'شاهد',
    relative: 'خویشاوند',
    'community-member': 'عضو جامعه',
    'partner-organisation': 'سازمان همکار',
    journalist: 'خبرنگار',
    'medical-facility': 'مرکز صحی',
    'public-authority': 'مقام دولتی',
    anonymous: 'ناشناس',
    other: 'دیگر',
    'original-device': 'دستگاه اصلی',
    'memory-card': 'کارت حافظه',
    'usb-drive': 'فلش یو اس بی',
    'optical-disc': 'دیسک نوری',
    paper: 'کاغذ',
    'messaging-app': 'پیام‌رسان',
    email: 'ایمیل',
    'cloud-link': 'پیوند فضای ابری',
    'physical-item': 'شیء فزیکی',
    'in-person': 'حضوری',
    'secure-upload': 'بارگذاری امن',
    'usb-or-media': 'فلش یا رسانهٔ دیگر',
    post: 'پست',
    courier: 'پیک',
    'hand-delivery': 'تحویل دستی',
    'secure-network-transfer': 'انتقال امن شبکه‌ای',
    'encrypted-media': 'رسانهٔ رمزگذاری‌شده',
    facebook: 'فیسبوک',
    x: 'ایکس',
    youtube: 'یوتیوب',
    telegram: 'تلگرام',
    tiktok: 'تیک‌تاک',
    instagram: 'اینستاگرام',
    whatsapp: 'واتس‌اپ',
    website: 'وب‌سایت',
    sealed: 'مهر و موم شد',
    'seal-broken': 'مهر شکسته شد',
    resealed: 'دوباره مهر و موم شد',
    'collector-declaration-v1': 'اظهارنامهٔ جمع‌آورنده (نسخهٔ ۱)',
    original: 'اصلی',
    shared: 'نسخهٔ بدون متادیتا',
    'metadata-removed-lossless': 'حذف متادیتا بدون تغییر محتوا',
    true: 'بلی',
    false: 'نخیر'
  },
  accessPurpose: {
    'case-preparation': 'آماده‌سازی پرونده',
    'witness-contact': 'تماس با شاهد',
    'protection-assessment': 'ارزیابی محافظت',
    verification: 'تأیید',
    'data-correction': 'اصلاح سند',
    'consent-review': 'بازبینی رضایت',
    'follow-up': 'پیگیری',
    'disclosure-icc': 'افشا به دیوان بین‌المللی کیفری',
    'disclosure-un': 'افشا به ملل متحد',
    'disclosure-national': 'افشا به مراجع ملی',
    'disclosure-public': 'نشر عمومی',
    'disclosure-internal': 'استفادهٔ داخلی',
    review: 'بازبینی',
    translation: 'ترجمه',
    'exhibit-preview': 'پیش‌نمایش مدرک',
    'exhibit-download': 'دانلود مدرک',
    other: 'هدف دیگر',
    case: 'پرونده'
  },
  victimGroup: {
    female: 'زنان و دختران',
    male: 'مردان و پسران',
    child: 'کودکان',
    adult: 'بزرگسالان',
    'older-person': 'سالمندان',
    hazara: 'هزاره',
    tajik: 'تاجیک',
    pashtun: 'پشتون',
    uzbek: 'ازبک',
    turkmen: 'ترکمن',
    baloch: 'بلوچ',
    nuristani: 'نورستانی',
    'other-ethnicity': 'قوم دیگر',
    shia: 'شیعه',
    sunni: 'سنی',
    ismaili: 'اسماعیلی',
    sikh: 'سیک',
    hindu: 'هندو',
    'other-religion': 'دین دیگر',
    intersex: 'میان‌جنسی',
    unknown: 'نامعلوم'
  },
  victimDimension: {
    sex: 'جنس',
    age: 'سن',
    ethnicity: 'قوم',
    religion: 'دین',
    estimate: 'تخمینی'
  }
}

export const PS_CODES: CodeLabels = {
  flagExplain: {
    OUTSIDE_ICC_JURISDICTION_WINDOW:
      'دا عمل د ۲۰۰۳ کال د مۍ له لومړۍ (د ۱۳۸۲ د غویي ۱۱) مخکې پای ته رسېدلی، کله چې پر افغانستان د نړیوالې جزايي محکمې صلاحیت پیلېږي.',
    CAPTURE_OUTSIDE_INCIDENT_WINDOW:
      'هغه وخت چې په فایل کې ساتل شوی د پېښې له نېټو مخکې یا وروسته دی. کېدای شي د وسیلې ساعت غلط وي، یا فایل بل څه ښيي.',
    GPS_FAR_FROM_INCIDENT: 'په فایل کې ساتل شوی GPS موقعیت د پېښې له ځایه لرې دی.',
    GPS_OUTSIDE_AFGHANISTAN: 'په فایل کې ساتل شوی GPS موقعیت له افغانستانه بهر دی.',
    EDITING_SOFTWARE: 'په فایل کې د سمون د یوه پروګرام نوم راغلی. کېدای شي بدل شوی وي؛ اصلي فایل له هغې وسیلې وغواړئ چې ثبت کړی یې دی.',
    MODIFIED_AFTER_CAPTURE: 'فایل له ثبت څه موده وروسته بیا خوندي شوی. دا معمولاً په دې مانا ده چې بیا خوندي یا سم شوی.',
    NO_CAMERA_METADATA:
      'فایل د ثبت وخت یا وسیله نه لري. د پیغام اپونه لکه واټس‌اپ دا لرې کوي؛ دا نه ښيي چې فایل جعلي دی، خو سرچینه یې له فایل نه تاییدېږي.',
    EXTENSION_MISMATCH: 'د فایل نوم د خپلې منځپانګې پر ځای بل ډول فایل ښيي. کېدای شي نوم یې بدل شوی وي.',
    METADATA_UNREADABLE: 'په فایل کې ځای پر ځای شوي معلومات ونه لوستل شول. کېدای شي فایل خراب وي؛ منځپانګه یې بې بدلونه ساتل کېږي.'
  },
  incidentStatus: {
    draft: 'مسوده',
    'under-review': 'تر کتنې لاندې',
    verified: 'تایید شوې',
    retracted: 'بېرته اخیستل شوې',
    submitted: 'د بیاکتنې په تمه',
    returned: 'لیکوال ته بېرته لېږل شوې'
  },
  precision: {
    day: 'دقیقه ورځ',
    month: 'یوازې میاشت',
    year: 'یوازې کال',
    range: 'د دوو نېټو ترمنځ',
    estimate: 'اټکل'
  },
  coordinatePrecision: {
    exact: 'دقیق',
    approximate: 'نږدې',
    settlement: 'کلی یا ښار',
    district: 'ولسوالي',
    province: 'ولایت'
  },
  elementStatus: {
    'not-assessed': 'نه دی ارزول شوی',
    alleged: 'ادعا شوی',
    'partly-supported': 'تر یوه حده ملاتړ شوی',
    supported: 'ملاتړ شوی',
    'not-supported': 'ملاتړ نه دی شوی'
  },
  perpetratorType: {
    'de-facto-authorities': 'بالفعل چارواکي (طالبان)',
    'state-agent': 'دولتي مامور',
    'armed-group': 'وسله‌واله ډله',
    militia: 'ملېشه',
    individual: 'فرد',
    unknown: 'نامعلوم'
  },
  involvement: {
    direct: 'په مستقیمه توګه یې کړی',
    ordered: 'امر یې کړی',
    aided: 'مرسته یې کړې',
    acquiesced: 'زغملی یې دی',
    alleged: 'ادعا شوی',
    unknown: 'نامعلوم'
  },
  liabilityMode: {
    'direct-perpetration': 'مستقیم ارتکاب',
    'co-perpetration': 'ګډ ارتکاب',
    'indirect-perpetration': 'غیرمستقیم ارتکاب (د بل چا له لارې)',
    ordering: 'امر کول',
    soliciting: 'غوښتنه کول',
    inducing: 'هڅول',
    'aiding-abetting': 'مرسته او ملاتړ',
    'common-purpose': 'د ډلې په ګډ هدف کې ونډه',
    'superior-military': 'د پوځي قوماندان مسؤلیت',
    'superior-civilian': 'د ملکي مشر مسؤلیت',
    unknown: 'نامعلوم'
  },
  organ: {
    gdi: 'د استخباراتو عمومي ریاست',
    mpvpv: 'د امر بالمعروف او نهی عن المنکر وزارت',
    police: 'پولیس',
    courts: 'محکمې',
    army: 'اردو',
    prisons: 'زندانونه',
    'local-administration': 'سیمه‌ییزه اداره'
  },
  sourceType: {
    'victim-testimony': 'د قرباني شاهدي',
    'witness-testimony': 'د شاهد شاهدي',
    'perpetrator-statement': 'د عامل څرګندونې',
    'photo-video': 'انځور یا ویډیو',
    document: 'سند',
    'official-decree': 'رسمي فرمان',
    'media-report': 'رسنیز راپور',
    'ngo-report': 'د نادولتي موسسې راپور',
    'un-report': 'د ملګرو ملتونو راپور',
    'social-media': 'ټولنیزې رسنۍ',
    other: 'نور'
  },
  evidenceSource: {
    'own-capture': 'زموږ د خپلو کارکوونکو له خوا ثبت شوی',
    'messaging-app': 'د پیغام اپ له لارې ترلاسه شوی',
    'url-download': 'له وېب څخه ښکته شوی',
    'device-handover': 'په یوه وسیله کې سپارل شوی',
    other: 'نور'
  },
  flag: {
    OUTSIDE_ICC_JURISDICTION_WINDOW: 'د محکمې له صلاحیت مخکې',
    CAPTURE_OUTSIDE_INCIDENT_WINDOW: 'د پېښې له نېټو بهر ثبت شوی',
    GPS_FAR_FROM_INCIDENT: 'د پېښې له ځایه لرې',
    GPS_OUTSIDE_AFGHANISTAN: 'له افغانستانه بهر ثبت شوی',
    EDITING_SOFTWARE: 'د سمون سافټویر سره خوندي شوی',
    MODIFIED_AFTER_CAPTURE: 'له ثبت وروسته بدل شوی',
    NO_CAMERA_METADATA: 'د کمرې معلومات نشته',
    EXTENSION_MISMATCH: 'نوم له منځپانګې سره سمون نه لري',
    METADATA_UNREADABLE: 'د ثبت معلومات نه لوستل کېږي'
  },
  custodyEvent: {
    'physical-item-sealed': 'مهر شو',
    'collector-declaration': 'د راټولوونکي اعلامیه لاسلیک شوه',
    'collector-declared': 'د راټولوونکي اعلامیه لاسلیک شوه',
    collected: 'راټول شو',
    'captured-online': 'له انټرنیټ واخیستل شو',
    received: 'ترلاسه شو',
    hashed: 'هش شو',
    ingested: 'ساتنې ته واخیستل شو',
    'integrity-verified': 'بشپړتیا تایید شوه',
    accessed: 'پرانیستل شو',
    'derived-copy-made': 'کاپي جوړه شوه',
    'redacted-copy-made': 'سانسور شوې کاپي جوړه شوه',
    'transcribed-or-translated': 'ولیکل یا وژباړل شو',
    verified: 'تایید شو',
    transferred: 'ولېږدول شو',
    'shared-with-recipient': 'ترلاسه کوونکي ته وسپارل شو',
    exported: 'صادر شو',
    annotated: 'یادښت پرې ولیکل شو',
    restored: 'بېرته راوګرځول شو',
    disposed: 'له منځه یوړل شو',
    unknown: 'پېښه'
  },
  custodyDetail: {
    by: 'له خوا',
    fromStaffCode: 'له کارمند',
    fromSource: 'له سرچینې',
    toStaffCode: 'کارمند ته',
    medium: 'د ساتنې وسیله',
    platform: 'پلاتفورم',
    action: 'کړنه',
    template: 'د اعلامیې متن',
    incident: 'پېښه',
    variant: 'کاپي',
    purpose: 'موخه',
    mediaType: 'ډول',
    size: 'اندازه په بایټ',
    declaredSha256Matched: 'د لېږونکي له خوا محاسبه شوی SHA-256 سمون درلود',
    copySha256: 'د کاپي SHA-256',
    method: 'طریقه',
    recipient: 'ترلاسه کوونکی',
    case: 'دوسیه',
    dossier: 'دوسیه'
  },
  custodyValue: {
    victim: 'قرباني',
    witness: 'شاهد',
    relative: 'خپلوان',
    'community-member': 'د ټولنې غړی',
    'partner-organisation': 'همکار سازمان',
    journalist: 'خبریال',
    'medical-facility': 'روغتیايي مرکز',
    'public-authority': 'دولتي چارواکی',
    anonymous: 'ناپېژندل شوی',
    other: 'نور',
    'original-device': 'اصلي وسیله',
    'memory-card': 'د حافظې کارت',
    'usb-drive': 'یو اس بي فلش',
    'optical-disc': 'نوري ډیسک',
    paper: 'کاغذ',
    'messaging-app': 'د پیغام اپ',
    email: 'برېښنالیک',
    'cloud-link': 'د ورېځې لینک',
    'physical-item': 'فزیکي توکی',
    'in-person': 'حضوري',
    'secure-upload': 'خوندي پورته کول',
    'usb-or-media': 'فلش یا بله رسنۍ',
    post: 'پوسټ',
    courier: 'پیک',
    'hand-delivery': 'لاسي سپارنه',
    'secure-network-transfer': 'د شبکې خوندي لېږد',
    'encrypted-media': 'کوډ شوې رسنۍ',
    facebook: 'فېسبوک',
    x: 'اېکس',
    youtube: 'یوټیوب',
    telegram: 'ټلګرام',
    tiktok: 'ټیک ټاک',
    instagram: 'انسټاګرام',
    whatsapp: 'واټساپ',
    website: 'وېبپاڼه',
    sealed: 'مهر شو',
    'seal-broken': 'مهر مات شو',
    resealed: 'بیا مهر شو',
    'collector-declaration-v1': 'د راټولوونکي اعلامیه (۱ نسخه)',
    original: 'اصلي',
    shared: 'بې میټاډېټا نسخه',
    'metadata-removed-lossless': 'د محتوا له بدلون پرته د میټاډېټا لرې کول',
    true: 'هو',
    false: 'نه'
  },
  accessPurpose: {
    'case-preparation': 'د دوسیې چمتو کول',
    'witness-contact': 'له شاهد سره اړیکه',
    'protection-assessment': 'د خوندیتوب ارزونه',
    verification: 'تایید',
    'data-correction': 'د سند سمول',
    'consent-review': 'د رضایت بیا کتنه',
    'follow-up': 'تعقیب',
    'disclosure-icc': 'نړیوالې جزايي محکمې ته افشا',
    'disclosure-un': 'ملګرو ملتونو ته افشا',
    'disclosure-national': 'ملي مراجعو ته افشا',
    'disclosure-public': 'عامه خپرول',
    'disclosure-internal': 'داخلي کارونه',
    review: 'بیاکتنه',
    translation: 'ژباړه',
    'exhibit-preview': 'د سند مخکتنه',
    'exhibit-download': 'د سند ښکته کول',
    other: 'بله موخه',
    case: 'دوسیه'
  },
  victimGroup: {
    female: 'ښځې او نجونې',
    male: 'نارینه او هلکان',
    child: 'ماشومان',
    adult: 'لویان',
    'older-person': 'زاړه کسان',
    hazara: 'هزاره',
    tajik: 'تاجک',
    pashtun: 'پښتون',
    uzbek: 'ازبک',
    turkmen: 'ترکمن',
    baloch: 'بلوڅ',
    nuristani: 'نورستاني',
    'other-ethnicity': 'بل قوم',
    shia: 'شیعه',
    sunni: 'سني',
    ismaili: 'اسماعیلي',
    sikh: 'سیک',
    hindu: 'هندو',
    'other-religion': 'بل دین',
    intersex: 'بین‌الجنسي',
    unknown: 'نامعلوم'
  },
  victimDimension: {
    sex: 'جنس',
    age: 'عمر',
    ethnicity: 'قوم',
    religion: 'دین',
    estimate: 'اټکل'
  }
}
