import type { MiddlewareHandler } from 'hono';
import { jsonTextDepthWithin, makeProblem, MAX_JSON_DEPTH } from '@bedside/shared';
import type { AppEnv } from './app-env.ts';
import { ProblemError } from './problem.ts';

const jsonContentType = /^application\/([\w.-]+\+)?json\s*(;|$)/i;

/** Whether a Content-Type header declares JSON (`application/json`, `application/x+json`). */
export function isJsonContentType(header: string | undefined): boolean {
  return jsonContentType.test(header ?? '');
}

/**
 * Refuses JSON text nested deeper than `MAX_JSON_DEPTH`, before `JSON.parse` or anything else
 * walks it. 400 like unparsable JSON: the body is refused as text, whatever route it was sent to;
 * it is not too large (413) and has no fields to name yet (422).
 */
export function refuseDeepJson(text: string): void {
  if (!jsonTextDepthWithin(text, MAX_JSON_DEPTH)) {
    throw new ProblemError(
      makeProblem(
        'too-deep',
        400,
        `JSON nested deeper than ${MAX_JSON_DEPTH} levels is not accepted.`,
      ),
    );
  }
}

/**
 * Every JSON body, on every route behind it, is checked for depth before a handler sees it, so a
 * route cannot forget. Mount after the body size limit: the body is read here (bounded by that
 * limit) and kept, so `readJson` reads the same text again without another read of the stream.
 *
 * @example app.use('/api/*', bodyLimit({ maxSize }), jsonDepthLimit())
 */
export function jsonDepthLimit(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (c.req.raw.body && isJsonContentType(c.req.header('content-type'))) {
      refuseDeepJson(await c.req.text());
    }
    await next();
  };
}
