import { SvelteSet } from 'svelte/reactivity';
import { Workbox } from 'workbox-window';

/** A new version of the app is installed and waits for the user to take it. */
export const appUpdate = $state({ available: false });

let workbox: Workbox | undefined;

/**
 * Registers the service worker. An update never takes over by itself: it waits until the user
 * chooses "Reload to update" (`applyUpdate`), so nobody loses a half-filled form.
 */
export async function registerServiceWorker(): Promise<void> {
  // Only the built app: in development a worker would cache modules that change on every save.
  if (import.meta.env.DEV || workbox) return;
  if (typeof navigator === 'undefined' || !('serviceWorker' in navigator)) return;
  workbox = new Workbox('/service-worker.js');
  workbox.addEventListener('waiting', () => {
    appUpdate.available = true;
  });
  try {
    await workbox.register();
  } catch {
    // Private mode or an insecure origin: the app still works, it just cannot start offline.
    workbox = undefined;
    return;
  }
  // Long-lived tabs check for a new version whenever they come back into view.
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') void workbox?.update();
  });
}

/** Activates the waiting version and reloads once it controls the page. Refused with unsaved work. */
export function applyUpdate(): void {
  if (!workbox || hasUnsavedWork()) return;
  workbox.addEventListener('controlling', () => window.location.reload());
  workbox.messageSkipWaiting();
}

const unsaved = new SvelteSet<string>();

/** Forms say whether they hold unsaved input, under a key of their own. */
export function markUnsaved(key: string, dirty: boolean): void {
  if (dirty) unsaved.add(key);
  else unsaved.delete(key);
}

/** Reactive: true while any form holds unsaved input. */
export function hasUnsavedWork(): boolean {
  return unsaved.size > 0;
}
