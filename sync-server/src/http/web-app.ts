import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import type { Context, MiddlewareHandler } from 'hono';
import type { AppEnv } from './app-env.ts';

const revalidate = 'no-cache';
const forever = 'public, max-age=31536000, immutable';
const alwaysRevalidated = new Set([
  '/',
  '/index.html',
  '/service-worker.js',
  '/manifest.webmanifest',
]);

const notBuiltPage = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Bedside</title></head>
<body><h1>Bedside</h1><p>The web app has not been built yet. Run <code>pnpm build</code>, then reload this page.</p></body></html>`;

export type WebApp = {
  handlers: MiddlewareHandler<AppEnv>[];
  /** CSP sources for the inline scripts of the current index.html (SvelteKit's bootstrap). */
  scriptSources: () => string[];
};

type IndexPage = { html: string; scriptSources: string[]; modifiedMs: number };

/**
 * The built SPA, from disk. index.html is re-read when a new build replaces it, so a rebuild
 * needs no restart. Navigations to unknown paths get index.html, so a reload on /patients/123
 * opens the app there.
 */
export function webApp(webDir: string): WebApp {
  const indexPath = path.join(webDir, 'index.html');
  let index: IndexPage | undefined;
  const currentIndex = (): IndexPage | undefined => {
    if (!existsSync(indexPath)) return undefined;
    const modifiedMs = statSync(indexPath).mtimeMs;
    if (index?.modifiedMs !== modifiedMs) {
      const html = readFileSync(indexPath, 'utf8');
      index = { html, scriptSources: inlineScriptHashes(html), modifiedMs };
    }
    return index;
  };
  const files = serveStatic<AppEnv>({ root: webDir });
  return {
    scriptSources: () => currentIndex()?.scriptSources ?? [],
    handlers: [
      async (c, next) => {
        if (isApi(c) || (c.req.method !== 'GET' && c.req.method !== 'HEAD')) return next();
        // A file, or (not found) whatever the handlers behind this one answer.
        const response = await files(c, next);
        if (!(response instanceof Response)) return;
        const cacheControl = cacheControlFor(c.req.path);
        if (cacheControl && response.ok) response.headers.set('Cache-Control', cacheControl);
        return response;
      },
      async (c, next) => {
        if (c.req.method !== 'GET' || isApi(c)) return next();
        const page = currentIndex();
        if (!page) return c.req.path === '/' ? c.html(notBuiltPage) : next();
        return acceptsHtml(c) ? c.html(page.html, 200, { 'Cache-Control': revalidate }) : next();
      },
    ],
  };
}

/** Files whose name never changes must be revalidated; hashed build output never changes. */
function cacheControlFor(requestPath: string): string | undefined {
  if (alwaysRevalidated.has(requestPath)) return revalidate;
  if (requestPath.startsWith('/_app/immutable/')) return forever;
  return undefined;
}

function isApi(c: Context): boolean {
  return c.req.path === '/api' || c.req.path.startsWith('/api/');
}

function acceptsHtml(c: Context): boolean {
  return (c.req.header('accept') ?? '').includes('text/html');
}

function inlineScriptHashes(html: string): string[] {
  const hashes: string[] = [];
  for (const match of html.matchAll(/<script(\s[^>]*)?>([\s\S]*?)<\/script>/gi)) {
    const [, attributes = '', body = ''] = match;
    if (/\ssrc\s*=/i.test(attributes) || body.trim() === '') continue;
    hashes.push(`'sha256-${createHash('sha256').update(body).digest('base64')}'`);
  }
  return hashes;
}
