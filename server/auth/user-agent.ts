/**
 * A short summary of a User-Agent header ("Firefox on Windows"), enough for a user to recognise their
 * own devices in the session list and the security events. Only the summary is stored: the full header
 * is a fingerprint and may carry anything. The words come from a closed list.
 */
const BROWSERS: ReadonlyArray<[RegExp, string]> = [
  [/\bEdg(?:e|A|iOS)?\//, 'Edge'],
  [/\bOPR\/|\bOpera\b/, 'Opera'],
  [/\bFirefox\/|\bFxiOS\//, 'Firefox'],
  [/\b(?:Headless)?Chrom(?:e|ium)\/|\bCriOS\//, 'Chromium'],
  [/\bSafari\//, 'Safari'],
  [/^curl\//, 'curl'],
  [/^python-|\bpython\b/i, 'Python'],
  [/^node\b|\bundici\b|^axios\//i, 'Node.js']
]

const SYSTEMS: ReadonlyArray<[RegExp, string]> = [
  [/\bAndroid\b/, 'Android'],
  [/\biPhone\b|\biPad\b|\biOS\b/, 'iOS'],
  [/\bWindows\b/, 'Windows'],
  [/\bMac OS X\b|\bMacintosh\b/, 'macOS'],
  [/\bCrOS\b/, 'ChromeOS'],
  [/\bLinux\b|\bX11\b/, 'Linux']
]

export function userAgentSummary(header: string | undefined | null): string | null {
  if (!header) return null
  const ua = header.slice(0, 512)
  const browser = BROWSERS.find(([re]) => re.test(ua))?.[1] ?? 'Other'
  const system = SYSTEMS.find(([re]) => re.test(ua))?.[1]
  return system ? `${browser} on ${system}` : browser
}
