import type { MiddlewareHandler } from 'hono';
import type { Logger } from '../log.ts';
import type { AppEnv } from './app-env.ts';

/**
 * One line per request. The path is logged without its query string, and nothing from
 * headers or bodies: no cookies, emails, names or patient data. A signed blob URL's token is
 * a credential, so those paths are logged as `/api/blobs/…`; so is a capture code, the last part
 * of the phone's page `/capture/<token>`, logged as `/capture/…`.
 */
export function requestLog(log: Logger): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const started = performance.now();
    await next();
    log.info(
      {
        method: c.req.method,
        path: loggedPath(c.req.path),
        status: c.res.status,
        ms: Math.round(performance.now() - started),
        requestId: c.get('requestId'),
        clinicId: c.get('session')?.clinic.id,
      },
      'request',
    );
  };
}

const blobUrlPath = /^\/api\/blobs\/.+/;
const capturePagePath = /^\/capture\/.+/;

function loggedPath(path: string): string {
  if (blobUrlPath.test(path)) return '/api/blobs/…';
  if (capturePagePath.test(path)) return '/capture/…';
  return path;
}
