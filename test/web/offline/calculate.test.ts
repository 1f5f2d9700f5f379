// The quick exit's neutral page is a working calculator (no eval: the CSP forbids it).
import t from 'tap'
import { calculate } from '../../../web/src/offline/calculate.ts'

t.test('the calculator computes left to right and says Error for nonsense', async (t) => {
  const cases: [string, string][] = [
    ['', '0'],
    ['7', '7'],
    ['2+3', '5'],
    ['2+3*4', '20'],
    ['10/4', '2.5'],
    ['1/0', 'Error'],
    ['0.1+0.2', '0.3'],
    ['9-12', '-3']
  ]
  for (const [input, want] of cases) t.equal(calculate(input), want, input)
})
