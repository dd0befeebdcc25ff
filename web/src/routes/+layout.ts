// A local-first SPA: pages render on the device from IndexedDB, never on a server or at build
// time, and the sync server (or any static host) answers every route with index.html.
export const ssr = false;
export const prerender = false;
export const trailingSlash = 'never';
