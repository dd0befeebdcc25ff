/**
 * Where the app serves its own copy of browser-image-compression (see `vite.config.ts`): the
 * compression worker loads it from this origin, never a CDN, and the service worker precaches
 * it so photos can be compressed offline. The version is in the name so a new copy is never
 * mistaken for an old one in a cache; the build refuses to run if it does not match the package.
 */
export const COMPRESSION_SCRIPT_PATH = '/vendor/browser-image-compression-2.0.2.js';
