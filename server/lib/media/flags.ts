import { type MediaMetadata, instantMs, localAsUtcMs } from './exif.ts'
import { displayName } from './display-name.ts'
import { type SniffedType, extensionMismatch, extensionOf } from './sniff.ts'

/**
 * Consistency flags: reasons a reviewer should look twice at a file. A flag is not a finding of
 * manipulation; each message says what was seen in plain words. Pure: no I/O, no clock, no TZ.
 */

export const FLAG_CODES = [
  'CAPTURE_OUTSIDE_INCIDENT_WINDOW',
  'GPS_FAR_FROM_INCIDENT',
  'GPS_OUTSIDE_AFGHANISTAN',
  'EDITING_SOFTWARE',
  'MODIFIED_AFTER_CAPTURE',
  'NO_CAMERA_METADATA',
  'EXTENSION_MISMATCH',
  'METADATA_UNREADABLE'
] as const

export type FlagCode = (typeof FLAG_CODES)[number]

/**
 * `message` is the English explanation; `params` are its facts (numbers, dates, names read from
 * the file), so that the web app can say the same in Dari and Pashto with its own templates.
 */
export type ConsistencyFlag = { code: FlagCode; message: string; params?: Record<string, string | number> }

export type IncidentWindow = {
  /** 'YYYY-MM-DD' (also accepts 'YYYY-MM' or 'YYYY'). */
  from: string
  to: string
  /** 'day' (default), 'month' or 'year' widen to whole months/years; 'approximate' adds a week each side; 'unknown' skips the check. */
  precision?: string | null
}

export type ConsistencyInput = {
  metadata: Pick<MediaMetadata, 'status'> & Partial<MediaMetadata>
  incidentWindow?: IncidentWindow | null
  incidentLocation?: { lat: number; lon: number } | null
  /** Injected so this module stays pure (the boundary data lives elsewhere). */
  isInsideAfghanistan: (lat: number, lon: number) => boolean
  originalName?: string | null
  sniffed?: SniffedType | null
  /** Distance beyond which GPS_FAR_FROM_INCIDENT is raised. Default 25 km. */
  farKm?: number
}

export const DEFAULT_FAR_KM = 25
const DAY_MS = 86_400_000
const MINUTE_MS = 60_000
// Local time minus UTC lies within [-12h, +14h]; comparing a UTC instant with a wall-clock time
// is only conclusive beyond that.
const ZONE_SPREAD_MS = 14 * 3_600_000
const APPROXIMATE_SLACK_DAYS = 7

// Desktop and phone editors. Matched case-insensitively on whole words of the software string;
// camera firmware ("iOS 17.2", "G998BXXU5CVDD", "HDR+ 1.0") matches none of them.
const EDITORS: ReadonlyArray<[RegExp, string]> = [
  [/photoshop/i, 'Adobe Photoshop'],
  [/lightroom/i, 'Adobe Lightroom'],
  [/adobe\s+(express|premiere|after\s*effects|firefly)/i, 'Adobe'],
  [/\bgimp\b/i, 'GIMP'],
  [/snapseed/i, 'Snapseed'],
  [/picsart/i, 'PicsArt'],
  [/\bcanva\b/i, 'Canva'],
  [/\baffinity\b/i, 'Affinity'],
  [/pixelmator/i, 'Pixelmator'],
  [/paint\.?net/i, 'Paint.NET'],
  [/paintshop|corel/i, 'Corel'],
  [/luminar/i, 'Luminar'],
  [/capture\s*one/i, 'Capture One'],
  [/darktable/i, 'darktable'],
  [/rawtherapee/i, 'RawTherapee'],
  [/facetune/i, 'Facetune'],
  [/\bvsco\b/i, 'VSCO'],
  [/meitu/i, 'Meitu'],
  [/airbrush/i, 'AirBrush'],
  [/photoscape/i, 'PhotoScape'],
  [/\bfotor\b/i, 'Fotor'],
  [/polarr/i, 'Polarr'],
  [/photodirector|powerdirector/i, 'CyberLink'],
  [/acdsee/i, 'ACDSee'],
  [/faceapp/i, 'FaceApp'],
  [/photopea/i, 'Photopea'],
  [/\bpixlr\b/i, 'Pixlr'],
  [/befunky/i, 'BeFunky'],
  [/final\s*cut/i, 'Final Cut'],
  [/\bimovie\b/i, 'iMovie'],
  [/capcut/i, 'CapCut'],
  [/inshot/i, 'InShot'],
  [/kinemaster/i, 'KineMaster'],
  [/filmora/i, 'Filmora'],
  [/davinci/i, 'DaVinci Resolve']
]

/** Text from inside a file, made safe to quote in a message: no controls or bidi tricks, bounded. */
function quoted(value: string, max = 120): string {
  const clean = value.replace(/[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, '')
  return clean.length > max ? `${clean.slice(0, max)}…` : clean
}

export function editingSoftware(software: string | undefined): string | undefined {
  if (software === undefined) return undefined
  return EDITORS.find(([re]) => re.test(software))?.[1]
}

export function haversineKm(a: { lat: number; lon: number }, b: { lat: number; lon: number }): number {
  const rad = (d: number): number => (d * Math.PI) / 180
  const dLat = rad(b.lat - a.lat)
  const dLon = rad(b.lon - a.lon)
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(dLon / 2) ** 2
  return 2 * 6371.0088 * Math.asin(Math.min(1, Math.sqrt(h)))
}

/** 'YYYY[-MM[-DD]]' → UTC midnight of its first (or last) day. */
function dayMs(value: string, end: boolean, precision: string): number | undefined {
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(value.trim())
  if (m === null) return undefined
  const y = Number(m[1])
  let mo = m[2] === undefined ? undefined : Number(m[2])
  let d = m[3] === undefined ? undefined : Number(m[3])
  if (precision === 'year') {
    mo = undefined
    d = undefined
  }
  if (precision === 'month') d = undefined
  if (mo !== undefined && (mo < 1 || mo > 12)) return undefined
  if (!end) return Date.UTC(y, (mo ?? 1) - 1, d ?? 1)
  if (mo === undefined) return Date.UTC(y, 11, 31)
  if (d === undefined) return Date.UTC(y, mo, 0) // day 0 of the next month = last day of this one
  const ms = Date.UTC(y, mo - 1, d)
  return new Date(ms).getUTCDate() === d ? ms : undefined
}

const isoDay = (ms: number): string => new Date(ms).toISOString().slice(0, 10)

/** The capture day as the file states it, and how sure we are of its zone. */
function captureDay(md: Partial<MediaMetadata>): { day: string; zoneKnown: boolean; shown: string } | undefined {
  if (md.capturedAt !== undefined && !md.capturedAt.endsWith('Z')) {
    return { day: md.capturedAt.slice(0, 10), zoneKnown: true, shown: md.capturedAt }
  }
  if (md.capturedAtLocal !== undefined) {
    return { day: md.capturedAtLocal.slice(0, 10), zoneKnown: false, shown: `${md.capturedAtLocal} (time zone unknown)` }
  }
  if (md.capturedAt !== undefined) {
    return { day: md.capturedAt.slice(0, 10), zoneKnown: false, shown: `${md.capturedAt} (UTC; local time zone unknown)` }
  }
  return undefined
}

function windowFlag(md: Partial<MediaMetadata>, window: IncidentWindow): ConsistencyFlag | undefined {
  const precision = (window.precision ?? 'day').toLowerCase()
  if (precision === 'unknown') return undefined
  const capture = captureDay(md)
  if (capture === undefined) return undefined
  const from = dayMs(window.from, false, precision)
  const to = dayMs(window.to, true, precision)
  const day = dayMs(capture.day, false, 'day')
  if (from === undefined || to === undefined || day === undefined) return undefined
  let slack = capture.zoneKnown ? 0 : 1 // unknown zone: the local day may differ by one
  if (/^(approx|approximate|about|circa|around)$/.test(precision)) slack += APPROXIMATE_SLACK_DAYS
  if (day >= from - slack * DAY_MS && day <= to + slack * DAY_MS) return undefined
  const range = from === to ? isoDay(from) : `${isoDay(from)} to ${isoDay(to)}`
  const side = day < from ? 'before' : 'after'
  return {
    code: 'CAPTURE_OUTSIDE_INCIDENT_WINDOW',
    params: { recorded: capture.shown, side, from: isoDay(from), to: isoDay(to), slack },
    message:
      `The file says it was recorded on ${capture.shown}, which is ${side} the incident dates (${range}).` +
      (slack > 0
        ? ` ${slack} day${slack === 1 ? '' : 's'} either side ${slack === 1 ? 'was' : 'were'} allowed for an unknown time zone or approximate dates.`
        : '') +
      ' The camera clock may be wrong, or the file may show a different event.'
  }
}

/** Milliseconds by which the modification is later than the capture, when that can be told. */
function modifiedGapMs(md: Partial<MediaMetadata>): { gap: number; margin: number } | undefined {
  const capInstant = md.capturedAt === undefined ? undefined : instantMs(md.capturedAt)
  const modInstant = md.modifiedAt === undefined ? undefined : instantMs(md.modifiedAt)
  const wall = (at: string | undefined, local: string | undefined): number | undefined => {
    if (at !== undefined && !at.endsWith('Z')) return localAsUtcMs(at.slice(0, 19))
    return local === undefined ? undefined : localAsUtcMs(local)
  }
  const capWall = wall(md.capturedAt, md.capturedAtLocal)
  const modWall = wall(md.modifiedAt, md.modifiedAtLocal)
  if (capInstant !== undefined && modInstant !== undefined && !Number.isNaN(capInstant) && !Number.isNaN(modInstant)) {
    return { gap: modInstant - capInstant, margin: MINUTE_MS }
  }
  // Same device clock, same (unknown) zone: wall-clock times compare directly.
  if (capWall !== undefined && modWall !== undefined) return { gap: modWall - capWall, margin: MINUTE_MS }
  const cap = capInstant ?? capWall
  const mod = modInstant ?? modWall
  if (cap === undefined || mod === undefined || Number.isNaN(cap) || Number.isNaN(mod)) return undefined
  // One side is UTC, the other a wall clock in an unknown zone.
  return { gap: mod - cap, margin: MINUTE_MS + ZONE_SPREAD_MS }
}

function gapIn(ms: number): { amount: number; unit: 'minutes' | 'hours' | 'days' } {
  const minutes = Math.round(ms / MINUTE_MS)
  if (minutes < 120) return { amount: minutes, unit: 'minutes' }
  const hours = Math.round(ms / 3_600_000)
  if (hours < 48) return { amount: hours, unit: 'hours' }
  return { amount: Math.round(ms / DAY_MS), unit: 'days' }
}

function describeGap(ms: number): string {
  const g = gapIn(ms)
  return `${g.amount} ${g.unit}`
}

function xmpCreatorTool(raw: unknown): string | undefined {
  const pick = (o: unknown, k: string): unknown => (typeof o === 'object' && o !== null ? (o as Record<string, unknown>)[k] : undefined)
  const tool = pick(pick(pick(raw, 'xmp'), 'xmp'), 'CreatorTool')
  return typeof tool === 'string' ? tool : undefined
}

const isCameraMedia = (sniffed: SniffedType | null | undefined): boolean =>
  sniffed === undefined || sniffed === null || /^(image|video)\//.test(sniffed.mediaType)

export function consistencyFlags(input: ConsistencyInput): ConsistencyFlag[] {
  const md = input.metadata
  const flags: ConsistencyFlag[] = []
  const readable = md.status !== 'unreadable'

  if (readable && input.incidentWindow) {
    const flag = windowFlag(md, input.incidentWindow)
    if (flag !== undefined) flags.push(flag)
  }

  const gps = readable ? md.gps : undefined
  if (gps !== undefined && input.incidentLocation) {
    const limit = input.farKm ?? DEFAULT_FAR_KM
    const km = haversineKm(gps, input.incidentLocation)
    if (km > limit) {
      flags.push({
        code: 'GPS_FAR_FROM_INCIDENT',
        params: { lat: gps.lat, lon: gps.lon, km: Math.round(km), limit },
        message: `The GPS position stored in the file (${gps.lat}, ${gps.lon}) is about ${Math.round(km)} km from the incident location (threshold ${limit} km).`
      })
    }
  }

  if (gps !== undefined && !input.isInsideAfghanistan(gps.lat, gps.lon)) {
    flags.push({
      code: 'GPS_OUTSIDE_AFGHANISTAN',
      params: { lat: gps.lat, lon: gps.lon },
      message: `The GPS position stored in the file (${gps.lat}, ${gps.lon}) is outside Afghanistan.`
    })
  }

  // EXIF Software first, then XMP CreatorTool (editors sometimes leave EXIF alone).
  const programs = readable ? [md.software, xmpCreatorTool(md.raw)] : []
  for (const program of programs) {
    const editor = editingSoftware(program)
    if (editor === undefined || program === undefined) continue
    flags.push({
      code: 'EDITING_SOFTWARE',
      params: { program: quoted(program), editor },
      message: `The file's metadata names editing software: "${quoted(program)}" (${editor}). The file was saved by that program and may have been altered; ask for the original from the device that recorded it.`
    })
    break
  }

  const gap = readable ? modifiedGapMs(md) : undefined
  if (gap !== undefined && gap.gap > gap.margin) {
    flags.push({
      code: 'MODIFIED_AFTER_CAPTURE',
      params: {
        ...gapIn(gap.gap),
        recorded: String(md.capturedAt ?? md.capturedAtLocal),
        changed: String(md.modifiedAt ?? md.modifiedAtLocal)
      },
      message: `The file was last changed ${describeGap(gap.gap)} after it was recorded (recorded ${md.capturedAt ?? md.capturedAtLocal}, changed ${md.modifiedAt ?? md.modifiedAtLocal}). This usually means it was re-saved or edited after it was recorded.`
    })
  }

  if (readable && isCameraMedia(input.sniffed)) {
    const missing: string[] = []
    if (md.make === undefined && md.model === undefined) missing.push('camera make and model')
    if (md.capturedAt === undefined && md.capturedAtLocal === undefined) missing.push('capture time')
    if (missing.length > 0) {
      flags.push({
        code: 'NO_CAMERA_METADATA',
        params: { missing: missing.length === 2 ? 'both' : missing[0] === 'capture time' ? 'time' : 'camera' },
        message: `The file carries no ${missing.join(' and no ')}. This is typical of files forwarded through messaging apps such as WhatsApp, which strip this information, and of screenshots. It does not show the file is false, but its origin cannot be confirmed from the file itself.`
      })
    }
  }

  if (input.originalName && input.sniffed && extensionMismatch(input.originalName, input.sniffed)) {
    flags.push({
      code: 'EXTENSION_MISMATCH',
      params: { extension: displayName(extensionOf(input.originalName) ?? ''), mediaType: input.sniffed.mediaType },
      // The extension only: the name itself often names the person shown, and flags are not sealed at rest.
      message: `The file name's extension ".${displayName(extensionOf(input.originalName) ?? '')}" suggests a different kind of file than its content, which is ${input.sniffed.mediaType}. The file may have been renamed.`
    })
  }

  if (!readable) {
    flags.push({
      code: 'METADATA_UNREADABLE',
      message: `The file's embedded information could not be read${md.error ? ` (${quoted(md.error, 200)})` : ''}. The file may be damaged or in an unusual format; its content itself is kept unchanged.`
    })
  }

  return flags
}
