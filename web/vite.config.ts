// Builds the browser application into web/dist (served by server/plugins/web.ts).
//
// - Everything is bundled: scripts, styles, the Vazirmatn font from npm. No CDN, nothing inline, so
//   the server's Content-Security-Policy (script-src 'self'; style-src 'self') holds.
// - The JSON Schemas in schemas/ are compiled by ajv *at build time* into plain validation
//   functions (ajv "standalone" code): the browser validates with exactly the schemas the server
//   uses, without ajv's run-time code generation (new Function), which the CSP forbids.
// - JavaScript and CSS are also written pre-compressed (.br, .gz) for weak connections.
// - It is an installable web app (vite-plugin-pwa, Workbox): a service worker precaches the built
//   application (scripts, styles, fonts, icons, index.html) so a phone that signed in once opens
//   Sanad with no network. It caches no API answer: those hold records and identities, and a cache
//   would keep them readable on a phone that is searched.

import { defineConfig, type Plugin } from 'vite'
import preact from '@preact/preset-vite'
import { VitePWA } from 'vite-plugin-pwa'
import { readdirSync, readFileSync, writeFileSync, statSync } from 'node:fs'
import { join, dirname } from 'node:path'
import { fileURLToPath } from 'node:url'
import { brotliCompressSync, gzipSync, constants } from 'node:zlib'
import { createRequire } from 'node:module'

const here = dirname(fileURLToPath(import.meta.url))
const schemasDir = join(here, '..', 'schemas')
const require = createRequire(import.meta.url)

/** The schemas the browser validates against, by the name the app imports them under. */
const VALIDATED = {
  incidentInput: 'incident-input.json',
  incidentPatch: 'incident-patch.json',
  personInput: 'person-input.json',
  consentInput: 'consent.json',
  userInput: 'user-input.json',
  passwordChange: 'password-change.json',
  passwordReset: 'password-reset.json',
  login: 'login.json',
  retraction: 'retraction.json',
  totpCode: 'totp-code.json',
  caseInput: 'case-input.json',
  dossierInput: 'dossier-input.json',
  tokenInput: 'token-input.json'
} as const

type AjvLike = { addSchema(s: unknown): unknown; getSchema(id: string): unknown }
type AjvCtor = new (opts: Record<string, unknown>) => AjvLike
type Standalone = (ajv: AjvLike, refs: Record<string, string>) => string

/** Also used by the component tests (test/web/component-harness.ts) to bundle screens the same way. */
export function schemaValidators(): Plugin {
  const id = 'virtual:schema-validators'
  const resolved = '\0' + id
  return {
    name: 'sanad-schema-validators',
    resolveId(source) {
      return source === id ? resolved : null
    },
    load(source) {
      if (source !== resolved) return null
      const AjvModule = require('ajv') as { default: AjvCtor }
      const standalone = (require('ajv/dist/standalone') as { default: Standalone }).default
      // The same options as the server's validator of request bodies (server/app.ts: no type
      // coercion), plus allErrors to show every problem at once (it changes which errors are listed,
      // never whether a value is valid).
      const ajv = new AjvModule.default({
        removeAdditional: false,
        useDefaults: true,
        coerceTypes: false,
        allErrors: true,
        strict: false,
        code: { source: true, esm: true, lines: false }
      })
      for (const file of readdirSync(schemasDir)
        .filter((f) => f.endsWith('.json'))
        .sort()) {
        this.addWatchFile(join(schemasDir, file))
        ajv.addSchema(JSON.parse(readFileSync(join(schemasDir, file), 'utf8')))
      }
      // A schema not (yet) in schemas/ gets a validator that accepts everything: the server decides.
      const present = Object.fromEntries(Object.entries(VALIDATED).filter(([, file]) => ajv.getSchema(file) !== undefined))
      const missing = Object.keys(VALIDATED).filter((name) => !(name in present))
      let code = standalone(ajv, present)
      for (const name of missing) code += `\nexport const ${name} = Object.assign(() => true, { errors: null });`
      // ajv's run-time helpers arrive as require() calls; make them ES imports for the bundle.
      const imports: string[] = []
      code = code.replace(/require\("(ajv\/dist\/runtime\/[a-z0-9_]+)"\)/g, (_m, path: string) => {
        const name = `__ajvRuntime${imports.length}`
        imports.push(`import * as ${name} from ${JSON.stringify(path)};`)
        return name
      })
      if (/\brequire\(/.test(code)) throw new Error('standalone validators still call require()')
      return `${imports.join('\n')}\n${code}`
    }
  }
}

function precompress(): Plugin {
  let outDir = ''
  return {
    name: 'sanad-precompress',
    apply: 'build',
    configResolved(config) {
      outDir = join(config.root, config.build.outDir)
    },
    closeBundle() {
      const walk = (dir: string): string[] =>
        readdirSync(dir).flatMap((f) => {
          const p = join(dir, f)
          return statSync(p).isDirectory() ? walk(p) : [p]
        })
      for (const file of walk(outDir)) {
        if (!/\.(js|mjs|css|svg|html)$/.test(file) || statSync(file).size < 1024) continue
        const bytes = readFileSync(file)
        writeFileSync(file + '.br', brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }))
        writeFileSync(file + '.gz', gzipSync(bytes, { level: 9 }))
      }
    }
  }
}

export default defineConfig({
  root: here,
  base: '/',
  // web/public holds the app's icons (served at /icons/ by server/plugins/web.ts).
  publicDir: 'public',
  plugins: [
    preact({ prefreshEnabled: false, devToolsEnabled: false }),
    schemaValidators(),
    VitePWA({
      // main.tsx registers /sw.js itself (no inline script: the CSP forbids one).
      injectRegister: false,
      registerType: 'autoUpdate',
      manifestFilename: 'manifest.webmanifest',
      includeAssets: [],
      includeManifestIcons: false,
      manifest: {
        id: '/',
        name: 'Sanad',
        short_name: 'Sanad',
        description: 'Documenting human-rights violations and keeping their evidence fit for court',
        lang: 'en',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        orientation: 'any',
        background_color: '#f3efe6',
        theme_color: '#1d4e5f',
        icons: [
          { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png' },
          { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png' },
          { src: '/icons/maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' }
        ]
      },
      workbox: {
        globPatterns: ['**/*.{js,css,html,svg,png,woff2}'],
        // pdf.js (its chunk, and its worker, an .mjs the patterns leave out) is not precached: ~1.7 MB a
        // phone on a slow network would fetch at every install and update, for a preview that needs the
        // network anyway (exhibit files are never cached). It is fetched on first use, then kept by the
        // HTTP cache (assets are immutable).
        globIgnores: ['**/pdf-pages-*.js'],
        // One file: no workbox-<hash>.js beside it for the server to know about.
        inlineWorkboxRuntime: true,
        navigateFallback: '/index.html',
        // API paths are never answered from the cache, nor are downloads.
        navigateFallbackDenylist: [/^\/api\//],
        runtimeCaching: [],
        cleanupOutdatedCaches: true,
        clientsClaim: true,
        skipWaiting: true,
        sourcemap: false,
        mode: 'production',
        maximumFileSizeToCacheInBytes: 4 * 1024 * 1024
      }
    }),
    precompress()
  ],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    // Fonts and images become files: the CSP allows no data: fonts, and small inlined assets would
    // break it.
    assetsInlineLimit: 0,
    cssCodeSplit: false,
    modulePreload: { polyfill: false },
    sourcemap: false,
    reportCompressedSize: false,
    chunkSizeWarningLimit: 1500
  },
  server: { fs: { allow: [join(here, '..')] } }
})
