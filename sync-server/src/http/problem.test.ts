import { Hono } from 'hono';
import { requestId } from 'hono/request-id';
import { describe, expect, it } from 'vitest';
import { problemType } from '@bedside/shared';
import { createLogger } from '../log.ts';
import type { AppEnv } from './app-env.ts';
import { errorHandler } from './problem.ts';

describe('the error handler', () => {
  it('turns an unexpected error into a 500 problem with the request id and no stack', async () => {
    const lines: string[] = [];
    const log = createLogger('info', { write: (line: string) => void lines.push(line) });
    const app = new Hono<AppEnv>();
    app.use(requestId());
    app.get('/boom', () => {
      throw new Error('secret detail at /srv/app.ts:12');
    });
    app.onError(errorHandler(log));

    const response = await app.request('/boom', { headers: { 'x-request-id': 'req-42' } });
    expect(response.status).toBe(500);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    const body = await response.text();
    expect(JSON.parse(body)).toEqual({
      type: problemType('internal'),
      title: 'Something went wrong on the server. Please try again.',
      status: 500,
      requestId: 'req-42',
    });
    expect(body).not.toContain('secret');
    expect(lines.join('')).toContain('req-42');
  });
});
