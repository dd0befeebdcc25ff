// See https://svelte.dev/docs/kit/types#app.d.ts
declare global {
  namespace App {
    // The app has no server side of its own: errors, locals and page data stay the defaults.
  }
}

export {};
