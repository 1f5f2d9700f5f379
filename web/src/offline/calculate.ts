// The neutral page's arithmetic, pure so it is tested without a browser.

/** Evaluates "a op b" left to right, digits and + - * / only (no eval: the CSP forbids it, rightly). */
export function calculate(expression: string): string {
  const tokens = expression.match(/\d+(\.\d+)?|[-+*/]/g) ?? []
  let acc = Number(tokens[0] ?? 0)
  for (let i = 1; i + 1 < tokens.length; i += 2) {
    const n = Number(tokens[i + 1])
    const op = tokens[i]
    acc = op === '+' ? acc + n : op === '-' ? acc - n : op === '*' ? acc * n : n === 0 ? Number.NaN : acc / n
  }
  return Number.isFinite(acc) ? String(Math.round(acc * 1e10) / 1e10) : 'Error'
}
