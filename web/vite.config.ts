import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vite';

export default defineConfig({
  plugins: [sveltekit()],
  server: {
    proxy: {
      // The sync server answers the API (Server-Sent Events included); keeping the Host header
      // means its same-origin CSRF check sees the dev server's origin on both sides.
      '/api': { target: 'http://127.0.0.1:3000', changeOrigin: false, ws: false },
    },
  },
});
