/// <reference no-default-lib="true"/>
/// <reference lib="esnext" />
/// <reference lib="webworker" />
/// <reference types="@sveltejs/kit" />
import { build, files, version } from '$service-worker';
import { COMPRESSION_SCRIPT_PATH } from '$lib/capture/image/compression-script';
import { drainOutbox } from '$lib/sync/background-sync';
import { BACKGROUND_SYNC_TAG } from '$lib/sync/local-write';

declare const self: ServiceWorkerGlobalScope;

// Background Sync is not in TypeScript's webworker library yet.
declare global {
  interface SyncEvent extends ExtendableEvent {
    readonly tag: string;
  }
  interface ServiceWorkerGlobalScopeEventMap {
    sync: SyncEvent;
  }
}

const CACHE = `bedside-${version}`;
const APP_SHELL = '/index.html';
const NAVIGATION_TIMEOUT_MS = 3_000;

// The app shell, the built code and the static files: everything the app needs to open offline.
// The photo compression worker's script is copied into the build by vite.config.ts, outside
// what SvelteKit lists in `build`, so it is named here.
const PRECACHE = [APP_SHELL, ...build, ...files, COMPRESSION_SCRIPT_PATH];
const precached = new Set(PRECACHE);

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(PRECACHE)));
  // No skipWaiting here: a new version waits until the page asks (see the message handler).
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) =>
        Promise.all(
          keys
            .filter((key) => key.startsWith('bedside-') && key !== CACHE)
            .map((key) => caches.delete(key)),
        ),
      )
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('message', (event) => {
  if (typeof event.data === 'object' && event.data !== null && event.data.type === 'SKIP_WAITING')
    void self.skipWaiting();
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  // API answers are live data (and patient data): never cached, never answered from a cache.
  if (url.origin !== self.location.origin || url.pathname.startsWith('/api/')) return;

  if (request.mode === 'navigate') {
    event.respondWith(navigate(request));
    return;
  }
  if (precached.has(url.pathname)) event.respondWith(fromCache(request));
});

/** Network first, so a reachable server always serves the current shell; cached shell otherwise. */
async function navigate(request: Request): Promise<Response> {
  try {
    const response = await fetchWithin(request, NAVIGATION_TIMEOUT_MS);
    if (response.ok) return response;
    return (await caches.match(APP_SHELL)) ?? response;
  } catch {
    return (await caches.match(APP_SHELL)) ?? Response.error();
  }
}

async function fromCache(request: Request): Promise<Response> {
  return (await caches.match(request, { ignoreSearch: true })) ?? fetch(request);
}

function fetchWithin(request: Request, milliseconds: number): Promise<Response> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), milliseconds);
  return fetch(request, { signal: controller.signal }).finally(() => clearTimeout(timer));
}

// Background Sync (Chromium): push the outbox even when every tab is closed. A rejection tells
// the browser to try again later. Photo uploads are not done here: the leading tab's upload
// queue sends them (they resume on the next visit), which keeps one uploader and one progress.
self.addEventListener('sync', (event) => {
  if (event.tag === BACKGROUND_SYNC_TAG) event.waitUntil(drainOutbox());
});
