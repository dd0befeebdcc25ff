import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

/**
 * `c.json(value)` with a Content-Length, which `c.json` leaves out: with it, `compress()` sends
 * bodies under its 1 KiB threshold as they are (an up-to-date pull, `/api/auth/me`), where
 * gzipping costs more than the bytes it saves. Larger bodies are compressed as before.
 *
 * @example
 * return sizedJson(c, result.value);
 */
export function sizedJson(c: Context, value: unknown, status: ContentfulStatusCode = 200) {
  const body = JSON.stringify(value);
  return c.body(body, status, {
    'Content-Type': 'application/json',
    'Content-Length': String(Buffer.byteLength(body)),
  });
}
