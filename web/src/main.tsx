import { render } from 'preact'
import { App } from './app.tsx'
import './styles/fonts.css'
import './styles/app.css'
import './styles/find.css'
import './styles/workbench-care.css'
import './styles/media-preview.css'

const root = document.getElementById('app')
if (root) render(<App />, root)

// The installable app's service worker (built by vite-plugin-pwa): it precaches the application so
// it opens with no network. In development there is no /sw.js and registering fails quietly.
if ('serviceWorker' in navigator) {
  window.addEventListener('load', () => {
    navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch(() => undefined)
  })
}
