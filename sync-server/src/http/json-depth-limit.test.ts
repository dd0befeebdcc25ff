import { Hono } from 'hono';
import { uuidv7 } from 'uuidv7';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { MAX_JSON_DEPTH, problemType, SCHEMA_VERSION } from '@bedside/shared';
import { createLogger } from '../log.ts';
import { clinicWithTemplate, newRecord, signUp } from '../../test/test-app.ts';
import { bedsideFor } from '../../test/push-helpers.ts';
import { dbKinds } from '../../test/test-db.ts';
import type { AppEnv } from './app-env.ts';
import { readJson } from './json-body.ts';
import { errorHandler } from './problem.ts';

const nestedArrays = (levels: number) => '['.repeat(levels) + ']'.repeat(levels);
const bodyMethods = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const tooDeep = {
  type: problemType('too-deep'),
  status: 400,
  title: `JSON nested deeper than ${MAX_JSON_DEPTH} levels is not accepted.`,
};

describe.each(dbKinds)('deeply nested JSON on %s', (kind) => {
  const bedside = bedsideFor(kind);

  it('is refused with a 400 problem by every route that takes a body, never a 5xx', async () => {
    const { api } = await signUp(bedside.app);
    // From the app itself, so a route added later is sent the same body.
    const routes = bedside.app.routes.filter((route) => bodyMethods.has(route.method));
    expect(routes.map((route) => `${route.method} ${route.path}`)).toEqual(
      expect.arrayContaining([
        'POST /api/clinics',
        'POST /api/auth/login',
        'POST /api/invitations',
        'POST /api/sync/push',
        'POST /api/photos/:id/upload-url',
        'POST /api/capture-sessions',
        'POST /api/capture/open',
        'POST /api/capture/photos/:id/upload-url',
      ]),
    );
    for (const route of routes) {
      const path = route.path.replace(/:\w+/g, () => uuidv7());
      const response = await api.request(route.method, path, {
        body: nestedArrays(10_000),
        headers: { 'content-type': 'application/json' },
      });
      const where = `${route.method} ${route.path}`;
      if (path.startsWith('/unsubscribe/')) {
        // The unsubscribe page reads no body (a form post, or a mail app's one-click post): its
        // plain page refuses the made-up token.
        expect(response.status, where).toBe(404);
        continue;
      }
      expect(response.headers.get('content-type'), where).toBe('application/problem+json');
      const problem: unknown = await response.json();
      if (path.startsWith('/api/blobs/')) {
        // Signed upload URLs take file bytes, not JSON: refused here for the made-up token.
        expect(response.status, where).toBeGreaterThanOrEqual(400);
        expect(response.status, where).toBeLessThan(500);
      } else {
        expect({ status: response.status, problem }, where).toEqual({
          status: 400,
          problem: tooDeep,
        });
      }
    }
  });

  it('refuses a push whose record data nests 5,000 levels, or one level too many', async () => {
    const { owner, patient, versionId } = await clinicWithTemplate(bedside.app);
    // The body, its mutations, a mutation, its args and the record data: five levels above a value.
    const push = (valueLevels: number) =>
      owner.api.request('POST', '/api/sync/push', {
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          clientId: uuidv7(),
          schemaVersion: SCHEMA_VERSION,
          mutations: [
            { id: uuidv7(), seq: 1, ...newRecord(patient.id, versionId, { notes: 'DEEP' }) },
          ],
        }).replace('"DEEP"', nestedArrays(valueLevels)),
      });
    for (const levels of [5_000, MAX_JSON_DEPTH - 5 + 1]) {
      const response = await push(levels);
      expect(response.status).toBe(400);
      expect(await response.json()).toEqual(tooDeep);
    }
    // At the limit the push is read, and the answer that is not text is refused by the template.
    const atLimit = await push(MAX_JSON_DEPTH - 5);
    expect(atLimit.status).toBe(200);
    expect(await atLimit.json()).toMatchObject({
      results: [{ status: 'rejected', problem: { type: problemType('validation') } }],
    });
  });

  it('refuses deep objects as well as arrays, and accepts brackets inside strings', async () => {
    const objects = '{"a":'.repeat(MAX_JSON_DEPTH + 1) + '1' + '}'.repeat(MAX_JSON_DEPTH + 1);
    const deep = await bedside.app.request('/api/auth/login', {
      method: 'POST',
      headers: { origin: 'http://localhost', 'content-type': 'application/json' },
      body: objects,
    });
    expect(await deep.json()).toEqual(tooDeep);

    const { me } = await signUp(bedside.app);
    const brackets = await bedside.app.request('/api/auth/login', {
      method: 'POST',
      headers: { origin: 'http://localhost', 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify({ email: me.user.email, password: nestedArrays(90) }),
    });
    // Read as a wrong password, not as deep JSON.
    expect(brackets.status).toBe(401);
  });
});

describe('readJson', () => {
  it('checks depth itself, for a route mounted without the middleware', async () => {
    const app = new Hono<AppEnv>()
      .post('/', async (c) => c.json(await readJson(c, v.unknown())))
      .onError(errorHandler(createLogger('silent')));
    const send = (body: string) =>
      app.request('/', { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    expect(await (await send(nestedArrays(MAX_JSON_DEPTH))).json()).toEqual(
      JSON.parse(nestedArrays(MAX_JSON_DEPTH)),
    );
    const refused = await send(nestedArrays(MAX_JSON_DEPTH + 1));
    expect(refused.status).toBe(400);
    expect(await refused.json()).toEqual(tooDeep);
  });
});
