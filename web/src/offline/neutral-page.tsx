// The page a quick exit leaves on screen: a plain calculator, with nothing of Sanad on it (no name, no
// mark, no link back). It works, so a glance at the phone sees an ordinary tool.
import type { JSX } from 'preact'
import { useEffect, useState } from 'preact/hooks'
import { calculate } from './calculate.ts'

const KEYS = ['7', '8', '9', '/', '4', '5', '6', '*', '1', '2', '3', '-', '0', '.', '=', '+'] as const

export function NeutralPage(): JSX.Element {
  const [display, setDisplay] = useState('0')
  useEffect(() => {
    document.title = 'Calculator'
    document.documentElement.lang = 'en'
    document.documentElement.dir = 'ltr'
  }, [])
  const press = (k: string): void => {
    if (k === '=') setDisplay(calculate(display))
    else setDisplay(display === '0' || display === 'Error' ? k : display + k)
  }
  return (
    <main class="neutral-page">
      <h1 id="page-title" class="visually-hidden">
        Calculator
      </h1>
      <output class="calc-display" aria-live="polite">
        {display}
      </output>
      <div class="calc-keys">
        <button type="button" class="calc-clear" onClick={() => setDisplay('0')}>
          C
        </button>
        {KEYS.map((k) => (
          <button key={k} type="button" onClick={() => press(k)}>
            {k}
          </button>
        ))}
      </div>
    </main>
  )
}
