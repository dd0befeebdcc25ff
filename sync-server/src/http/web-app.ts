import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
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
<body><h1>Bedside</h1><p>The web app has not been built yet. Run <code>pnpm build</code>, then restart the server.</p></body></html>`;

export type WebApp = {
  handlers: MiddlewareHandler<AppEnv>[];
  /** CSP sources for the inline scripts of index.html (SvelteKit's bootstrap). */
  scriptSources: string[];
};

/**
 * The built SPA. index.html is read once at start (a new build means a restart, which a deploy
 * does anyway); other files come from disk. Navigations to unknown paths get index.html, so a
 * reload on /patients/123 opens the app there.
 */
export function webApp(webDir: string): WebApp {
  const indexPath = path.join(webDir, 'index.html');
  if (!existsSync(indexPath)) {
    return {
      scriptSources: [],
      handlers: [
        async (c, next) =>
          c.req.method === 'GET' && c.req.path === '/' ? c.html(notBuiltPage) : next(),
      ],
    };
  }
  const indexHtml = readFileSync(indexPath, 'utf8');
  const files = serveStatic<AppEnv>({ root: webDir });
  return {
    scriptSources: inlineScriptHashes(indexHtml),
    handlers: [
      async (c, next) => {
        if (isApi(c) || (c.req.method !== 'GET' && c.req.method !== 'HEAD')) return next();
        const response = await files(c, next);
        const cacheControl = cacheControlFor(c.req.path);
        if (response && cacheControl) response.headers.set('Cache-Control', cacheControl);
        return response;
      },
      async (c, next) =>
        c.req.method === 'GET' && !isApi(c) && acceptsHtml(c)
          ? c.html(indexHtml, 200, { 'Cache-Control': revalidate })
          : next(),
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
