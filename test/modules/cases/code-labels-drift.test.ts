// The English words a dossier prints for codes (server/modules/cases/code-labels.ts, EN_CODES) are
// the web app's English strings (web/src/i18n/en.ts) for the same codes, so that a recipient reads
// what the documenter chose. The server keeps its own copy (it imports nothing from the web app);
// this test fails when the two drift apart. Words the app uses inside a sentence are compared
// without the case of their first letter.
import t from 'tap'
import { EN_CODES, type CodeKind } from '../../../server/modules/cases/code-labels.ts'
import { en } from '../../../web/src/i18n/en.ts'

const web = en as Record<string, string>

/** Where the app keeps each vocabulary's words: `${prefix}${code}${suffix}`. */
const WEB_KEYS: Partial<Record<CodeKind, { prefix: string; suffix?: string; sentenceCase?: boolean }>> = {
  flagExplain: { prefix: 'mediaFlag.', suffix: '.explain' },
  incidentStatus: { prefix: 'status.' },
  precision: { prefix: 'precision.' },
  coordinatePrecision: { prefix: 'coordPrecision.' },
  elementStatus: { prefix: 'element.' },
  perpetratorType: { prefix: 'perpType.' },
  involvement: { prefix: 'involvement.' },
  liabilityMode: { prefix: 'mode.' },
  organ: { prefix: 'organ.' },
  sourceType: { prefix: 'sourceType.' },
  evidenceSource: { prefix: 'evidenceSource.' },
  flag: { prefix: 'mediaFlag.' },
  custodyEvent: { prefix: 'custodyType.' },
  custodyDetail: { prefix: 'custodyDetail.' },
  custodyValue: { prefix: 'custodyValue.', sentenceCase: true },
  accessPurpose: { prefix: 'accessPurpose.' },
  victimGroup: { prefix: 'group.' }
}

/** Deliberate differences, each with its reason. */
const DIFFERENT: Record<string, string> = {
  // The dossier prints it after "by TR-03 (…": "by TR-03 (with machine assistance, informal)".
  'custodyValue.machine-assisted': 'reads inside the translation sentence of the dossier'
}

const firstLower = (s: string): string => s.charAt(0).toLowerCase() + s.slice(1)

t.test('every English code word a dossier prints is the web app’s word for that code', async (t) => {
  for (const [kind, where] of Object.entries(WEB_KEYS) as Array<[CodeKind, { prefix: string; suffix?: string; sentenceCase?: boolean }]>) {
    const words = EN_CODES[kind] as Record<string, string>
    let compared = 0
    for (const [code, text] of Object.entries(words)) {
      const key = `${where.prefix}${code}${where.suffix ?? ''}`
      const app = web[key]
      if (app === undefined || `${kind}.${code}` in DIFFERENT) continue
      compared++
      if (where.sentenceCase === true) t.equal(firstLower(text), firstLower(app), `${kind}.${code} = ${key}`)
      else t.equal(text, app, `${kind}.${code} = ${key}`)
    }
    // A renamed key family in the app would otherwise leave nothing to compare.
    t.ok(compared >= Math.min(3, Object.keys(words).length), `${kind}: ${compared} words compared with ${where.prefix}*`)
  }
})
