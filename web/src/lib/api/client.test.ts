import { makeProblem } from '@bedside/shared';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { apiFetch, ApiError, hasProblemCode, NetworkError } from './client';
import { serverReachable } from './reachability';

function answer(status: number, body?: string, contentType = 'application/json') {
  vi.stubGlobal(
    'fetch',
    vi.fn(
      async () => new Response(body ?? null, { status, headers: { 'Content-Type': contentType } }),
    ),
  );
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('apiFetch', () => {
  it('sends JSON with the session cookie and returns the parsed body', async () => {
    answer(200, '{"ok":true}');
    expect(await apiFetch('/api/health', { method: 'POST', json: { a: 1 } })).toEqual({ ok: true });
    const [path, init] = vi.mocked(fetch).mock.calls[0]!;
    expect(path).toBe('/api/health');
    expect(init).toMatchObject({ credentials: 'same-origin', body: '{"a":1}' });
    expect(new Headers(init?.headers).get('Content-Type')).toBe('application/json');
  });

  it('sends nothing while the browser is offline, and fails as a network error', async () => {
    answer(200, '{"ok":true}');
    vi.stubGlobal('navigator', { onLine: false });
    await expect(apiFetch('/api/sync/pull')).rejects.toBeInstanceOf(NetworkError);
    expect(fetch).not.toHaveBeenCalled();
  });

  it('turns a problem+json answer into an ApiError carrying the problem', async () => {
    const problem = makeProblem('seq-gap', 409, 'Gap', { lastSeq: 4 });
    answer(409, JSON.stringify(problem), 'application/problem+json');
    const error = await apiFetch('/api/sync/push').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 409, problem: { lastSeq: 4 } });
    expect(hasProblemCode(error, 'seq-gap')).toBe(true);
  });

  it('makes a problem up when a proxy answers with something else', async () => {
    answer(502, '<html>Bad gateway</html>', 'text/html');
    await expect(apiFetch('/api/auth/me')).rejects.toMatchObject({
      status: 502,
      problem: { status: 502 },
    });
    expect(serverReachable()).toBe(false);
  });

  it('tells a request that got no answer from one the server refused', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => Promise.reject(new TypeError('fetch failed'))),
    );
    await expect(apiFetch('/api/auth/me')).rejects.toBeInstanceOf(NetworkError);
    expect(serverReachable()).toBe(false);

    answer(401, JSON.stringify(makeProblem('unauthenticated', 401, 'Sign in')));
    await expect(apiFetch('/api/auth/me')).rejects.toBeInstanceOf(ApiError);
    expect(serverReachable()).toBe(true);
  });
});
