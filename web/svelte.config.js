import adapter from '@sveltejs/adapter-static';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
  preprocess: vitePreprocess(),
  kit: {
    // A single-page app: every route renders on the device from Dexie, so one fallback page
    // serves them all (and the service worker caches it for offline starts).
    adapter: adapter({ pages: 'build', assets: 'build', fallback: 'index.html' }),
    files: { assets: '../static' },
    // workbox-window registers the worker so the app decides when an update takes over.
    serviceWorker: { register: false },
  },
};

export default config;
