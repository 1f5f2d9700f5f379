/**
 * `npm test`'s first step (`pretest`): makes sure the system programs the tests call are installed.
 * Missing ones are installed with apt-get when run as root on Debian; otherwise it prints one line
 * naming the packages and exits 1, so a run never passes by skipping what it could not check.
 *
 * Plain JavaScript on purpose: it runs before anything is built.
 */
import { spawnSync } from 'node:child_process'
import { installPlan, isCi, missingTools, onPath } from './system-tools.mjs'

const ci = isCi()
const root = process.getuid?.() === 0
const apt = onPath('apt-get') !== null
const plan = installPlan({ missing: missingTools(), ci, root, apt })

if (plan.action === 'refuse') {
  console.error(plan.message)
  process.exit(1)
}
if (plan.action === 'install') {
  console.error(`Installing the system packages the tests need: ${plan.packages.join(' ')}`)
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }
  for (const args of [
    ['update', '-qq'],
    ['install', '-y', '-qq', ...plan.packages]
  ]) {
    const r = spawnSync('apt-get', args, { env, stdio: ['ignore', 'ignore', 'inherit'] })
    if (r.status !== 0) {
      console.error(
        `apt-get ${args[0]} failed (exit ${r.status ?? r.signal}); install them yourself: apt-get install -y ${plan.packages.join(' ')}`
      )
      process.exit(1)
    }
  }
  const still = missingTools()
  if (still.length > 0) {
    console.error(`Still missing after apt-get install: ${still.join(', ')}`)
    process.exit(1)
  }
}
