import { createRequire } from 'node:module'

// jsQR is CommonJS whose typings declare an ES default export: require it to get the function.
const jsQR = createRequire(import.meta.url)('jsqr') as typeof import('jsqr').default

/**
 * Decodes a QR code drawn as one SVG path of module rectangles (`M x y h w v1 h-w z`) over a square
 * of `size` units, painted as a screen would show it (`scale` pixels per module, black on white).
 */
export function readQr(size: number, path: string, scale = 4): string | undefined {
  const width = size * scale
  const data = new Uint8ClampedArray(width * width * 4).fill(255)
  for (const m of path.matchAll(/M(\d+) (\d+)h(\d+)v1h-\d+z/g)) {
    const [x, y, w] = [Number(m[1]), Number(m[2]), Number(m[3])]
    for (let py = y * scale; py < (y + 1) * scale; py++) data.fill(0, (py * width + x * scale) * 4, (py * width + (x + w) * scale) * 4)
  }
  // The fill above blackened the alpha bytes too: every pixel stays opaque.
  for (let i = 3; i < data.length; i += 4) data[i] = 255
  return jsQR(data, width, width)?.data
}
