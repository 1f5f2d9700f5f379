// Where the province names go on the map (pure: tested in test/web/map/label-placement.test.ts).

export type LabelInput = { code: string; text: string; at: [number, number]; label: [number, number]; count: number; dotRadius: number }
/** `phoneY`: a counted name's place on a phone, where the dot is drawn twice as large (find.css). */
export type PlacedLabel = { code: string; text: string; x: number; y: number; counted: boolean; phoneY?: number }
type Box = { x1: number; y1: number; x2: number; y2: number }

/** Font size of a name in map units (find.css `.map-label`), and a generous width per character. */
export const LABEL_SIZE = 19
const CHAR_WIDTH = 0.55 * LABEL_SIZE
const GAP = 24 // from a dot's edge down to the name's baseline

const boxOf = (l: { text: string; x: number; y: number }): Box => {
  const half = (l.text.length * CHAR_WIDTH) / 2
  return { x1: l.x - half, y1: l.y - LABEL_SIZE * 0.8, x2: l.x + half, y2: l.y + LABEL_SIZE * 0.25 }
}
const sameBox = (a: Box, b: Box): boolean => a.x1 === b.x1 && a.y1 === b.y1 && a.x2 === b.x2 && a.y2 === b.y2
const overlap = (a: Box, b: Box): boolean => a.x1 < b.x2 && b.x1 < a.x2 && a.y1 < b.y2 && b.y1 < a.y2

/**
 * A province with a count is named under its dot (its label point may lie beneath the dot), or above
 * it when that runs into another dot or name; every other one at Natural Earth's label point. A name
 * that would run into a dot or a name already placed is left out: the shape still carries its name for
 * assistive technology, and the summary names the province chosen.
 */
export function placeLabels(inputs: LabelInput[]): PlacedLabel[] {
  const dots: Box[] = inputs
    .filter((p) => p.count > 0)
    .map((p) => ({ x1: p.at[0] - p.dotRadius, y1: p.at[1] - p.dotRadius, x2: p.at[0] + p.dotRadius, y2: p.at[1] + p.dotRadius }))
  const placed: PlacedLabel[] = []
  const taken: Box[] = []
  const counted = inputs.filter((p) => p.count > 0).sort((a, b) => b.count - a.count)
  const others = inputs.filter((p) => p.count === 0)
  const ownDot = (p: LabelInput): Box => ({
    x1: p.at[0] - p.dotRadius,
    y1: p.at[1] - p.dotRadius,
    x2: p.at[0] + p.dotRadius,
    y2: p.at[1] + p.dotRadius
  })
  for (const p of counted) {
    // Under the dot, else above it; a name that fits neither is left out (the count stays).
    const mine = ownDot(p)
    const below = {
      code: p.code,
      text: p.text,
      x: p.at[0],
      y: p.at[1] + p.dotRadius + GAP,
      counted: true,
      phoneY: p.at[1] + 2 * p.dotRadius + 44
    }
    const above = { ...below, y: p.at[1] - p.dotRadius - 8, phoneY: p.at[1] - 2 * p.dotRadius - 12 }
    const l = [below, above].find((c) => {
      const box = boxOf(c)
      return !dots.some((d) => d !== mine && !sameBox(d, mine) && overlap(d, box)) && !taken.some((b) => overlap(b, box))
    })
    if (!l) continue
    placed.push(l)
    taken.push(boxOf(l))
  }
  for (const p of others) {
    const l = { code: p.code, text: p.text, x: p.label[0], y: p.label[1] + LABEL_SIZE * 0.3, counted: false }
    const box = boxOf(l)
    if (dots.some((d) => overlap(d, box)) || taken.some((b) => overlap(b, box))) continue
    placed.push(l)
    taken.push(box)
  }
  return placed
}

/** Whether two placed names would be drawn over each other (for the tests). */
export const labelsOverlap = (a: PlacedLabel, b: PlacedLabel): boolean => overlap(boxOf(a), boxOf(b))
