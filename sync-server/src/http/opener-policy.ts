import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from './app-env.ts';
import { requestOrigin } from './request-info.ts';

const loopbackHosts = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * `Cross-Origin-Opener-Policy: same-origin`, only where a browser honours it: https origins and
 * the loopback host. Over plain http on a LAN address (a phone opening the capture page on
 * `http://192.168.1.20:8080`) Chromium ignores the header and logs a console error for it.
 * Usage: `app.use(openerPolicy())` after `secureHeaders({crossOriginOpenerPolicy: false})`.
 */
export function openerPolicy(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    await next();
    if (isTrustworthy(requestOrigin(c))) c.header('Cross-Origin-Opener-Policy', 'same-origin');
  };
}

function isTrustworthy(origin: string): boolean {
  const url = new URL(origin);
  if (url.protocol === 'https:') return true;
  return loopbackHosts.has(url.hostname) || url.hostname.endsWith('.localhost');
}
