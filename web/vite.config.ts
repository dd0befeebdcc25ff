import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig, type Plugin } from 'vite';
import { COMPRESSION_SCRIPT_PATH } from './src/lib/capture/image/compression-script';

/**
 * Serves browser-image-compression's worker script from our own origin: copied into the client
 * build at COMPRESSION_SCRIPT_PATH (the service worker precaches it), answered by the dev
 * server at the same path. The library would otherwise load it from a CDN, which the CSP
 * refuses and which is not there offline.
 */
function selfHostedCompressionScript(): Plugin {
  const require = createRequire(import.meta.url);
  const script = require.resolve('browser-image-compression/dist/browser-image-compression.js');
  const { version } = require('browser-image-compression/package.json') as { version: string };
  if (!COMPRESSION_SCRIPT_PATH.endsWith(`-${version}.js`))
    throw new Error(
      `COMPRESSION_SCRIPT_PATH (${COMPRESSION_SCRIPT_PATH}) does not name the installed browser-image-compression ${version}.`,
    );
  return {
    name: 'bedside:self-hosted-compression-script',
    configureServer(server) {
      server.middlewares.use(COMPRESSION_SCRIPT_PATH, (_request, response) => {
        response.setHeader('Content-Type', 'text/javascript');
        response.end(readFileSync(script));
      });
    },
    // Vite's manifest does not list an emitted file, so it is not in `$service-worker`'s
    // `build`: the service worker adds COMPRESSION_SCRIPT_PATH to its precache list itself.
    generateBundle() {
      if (this.environment.name !== 'client') return;
      this.emitFile({
        type: 'asset',
        fileName: COMPRESSION_SCRIPT_PATH.slice(1),
        source: readFileSync(script),
      });
    },
  };
}

/**
 * The first load in a few files: over HTTP/1.1 a browser fetches six at a time, so the ~33 small
 * chunks of the default split cost a phone several round trips before the app can start. Every
 * page needs the framework (Svelte, SvelteKit), the device's data layer (Dexie, valibot, the
 * shared rules) and the app's core (session, sync, database, generic UI): one chunk each.
 * Routes and features used later keep chunks of their own. Measured by `pnpm bench lighthouse`
 * and held by scripts/check-bundle-budget.mjs.
 */
const firstLoadChunks = {
  groups: [
    {
      name: 'framework',
      test: /node_modules[\\/](svelte|@sveltejs[\\/]kit|esm-env|devalue|clsx)[\\/]/,
    },
    // Weekly series need a time-zone library that only booking uses: they stay with it. The
    // reminder settings and templates, and the audit log's, load with the screens that use them.
    {
      name: 'data',
      test: /node_modules[\\/](dexie|valibot|uuidv7)[\\/]|shared[\\/]src[\\/](?!weekly-series|reminders|audit)/,
    },
    // The needs-attention dialog and its words load when it first opens: most starts never do;
    // so do the password screens' calls.
    {
      name: 'core',
      test: /web[\\/]src[\\/]lib[\\/](api|db|pwa|session|sync|ui)[\\/](?!NeedsAttentionDialog|rejected-|passwords)/,
    },
  ],
};

export default defineConfig({
  plugins: [sveltekit(), selfHostedCompressionScript()],
  build: { rolldownOptions: { output: { codeSplitting: firstLoadChunks } } },
  // The pull worker (src/lib/sync/pull-worker.ts) is a module worker: bundled as ES modules,
  // with the app's `$lib` aliases (they come from `resolve.alias`, which workers share).
  worker: { format: 'es' },
  server: {
    proxy: {
      // The sync server answers the API (Server-Sent Events included); keeping the Host header
      // means its same-origin CSRF check sees the dev server's origin on both sides.
      '/api': { target: 'http://127.0.0.1:3000', changeOrigin: false, ws: false },
    },
  },
});
