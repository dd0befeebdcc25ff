import { mkdtempSync, mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { problemType } from '@bedside/shared';
import type { Db } from './storage/db.ts';
import {
  ApiClient,
  Device,
  fromPeer,
  migratedDb,
  newPatient,
  signUp,
  startBedside,
  testPassword,
  uniqueEmail,
} from '../test/test-app.ts';
import { dbKinds } from '../test/test-db.ts';

const signupBody = () => ({
  clinicName: 'Harbour Clinic',
  timezone: 'Europe/Berlin',
  name: 'Dr Who',
  email: uniqueEmail(),
  password: testPassword,
});

describe.each(dbKinds)('the HTTP surface on %s', (kind) => {
  let db: Db;
  let bedside: ReturnType<typeof startBedside>;
  beforeAll(async () => {
    db = await migratedDb(kind);
    bedside = startBedside(db, {
      config: {
        maxBodyBytes: 4096,
        publicOrigins: ['https://clinic.example.org'],
        trustedProxies: ['10.0.0.0/8'],
      },
    });
  });
  afterAll(async () => {
    await bedside.close();
    await db.close();
  });

  it('answers health without a session', async () => {
    const response = await bedside.app.request('/api/health');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true });
  });

  it('refuses unsafe requests without our Origin, and accepts a configured public origin', async () => {
    const send = (headers: Record<string, string>, peer?: string) =>
      bedside.app.request(
        '/api/clinics',
        {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...headers },
          body: JSON.stringify(signupBody()),
        },
        peer === undefined ? undefined : fromPeer(peer),
      );
    const refused: Record<string, string>[] = [
      {},
      { origin: 'https://evil.example' },
      { origin: 'http://localhost:9999' },
    ];
    for (const headers of refused) {
      const response = await send(headers);
      expect(response.status).toBe(403);
      expect(await response.json()).toMatchObject({ type: problemType('csrf'), status: 403 });
    }
    expect((await send({ origin: 'http://localhost' })).status).toBe(201);
    expect((await send({ origin: 'https://clinic.example.org' })).status).toBe(201);
    // Behind a TLS proxy the browser's origin is https, and the proxy (a TRUSTED_PROXIES peer)
    // says so; anyone else saying so is not believed.
    const overHttps = { origin: 'https://localhost', 'x-forwarded-proto': 'https' };
    expect((await send(overHttps, '10.0.0.2')).status).toBe(201);
    expect((await send(overHttps, '203.0.113.9')).status).toBe(403);
    expect((await send(overHttps)).status).toBe(403);
  });

  it('answers bad JSON with 400, a non-JSON body with 415, and a wrong shape with 422', async () => {
    const api = new ApiClient(bedside.app);
    const badJson = await api.request('POST', '/api/clinics', {
      body: '{"clinicName": ',
      headers: { 'content-type': 'application/json' },
    });
    expect(badJson.status).toBe(400);
    expect(badJson.headers.get('content-type')).toBe('application/problem+json');
    expect(await badJson.json()).toMatchObject({ type: problemType('bad-request'), status: 400 });

    const form = await api.request('POST', '/api/clinics', {
      body: 'a=1',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(form.status).toBe(415);
    expect(await form.json()).toMatchObject({ type: problemType('unsupported-media-type') });

    const shape = await api.post('/api/clinics', ['not', 'an', 'object']);
    expect(shape.status).toBe(422);
    expect(await shape.json()).toMatchObject({ type: problemType('validation') });
  });

  it('answers an oversized body with 413 before reading it', async () => {
    const { api } = await signUp(bedside.app);
    const device = new Device(api);
    const response = await device.push([newPatient({ notes: 'x'.repeat(5000) })]);
    expect(response.status).toBe(413);
    expect(response.body).toMatchObject({ type: problemType('payload-too-large'), status: 413 });
  });

  it('answers a wrong push shape with 422 and an unknown API path with a 404 problem', async () => {
    const { api } = await signUp(bedside.app);
    const push = await api.post('/api/sync/push', {
      clientId: 'nope',
      schemaVersion: 1,
      mutations: 'many',
    });
    expect(push.status).toBe(422);
    const problem = (await push.json()) as { issues: { field: string }[] };
    expect(problem.issues.map((i) => i.field)).toEqual(
      expect.arrayContaining(['clientId', 'mutations']),
    );

    const missing = await api.get('/api/no-such-thing');
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ type: problemType('not-found'), status: 404 });
  });

  it('sets security headers with a CSP and never caches API answers', async () => {
    const response = await bedside.app.request('/api/health');
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("img-src 'self' blob: data:");
    expect(csp).toContain("connect-src 'self'");
    expect(csp).toContain("worker-src 'self' blob:");
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('cache-control')).toBe('no-store');
  });

  it('sends Cross-Origin-Opener-Policy only to https and loopback origins', async () => {
    const opener = async (url: string) =>
      (await bedside.app.request(url)).headers.get('cross-origin-opener-policy');
    expect(await opener('https://clinic.example.org/api/health')).toBe('same-origin');
    expect(await opener('http://localhost:8080/api/health')).toBe('same-origin');
    expect(await opener('http://127.0.0.1:8080/api/health')).toBe('same-origin');
    // A phone on the clinic's Wi-Fi over plain http: Chromium would log the header as ignored.
    expect(await opener('http://192.168.1.20:8080/api/health')).toBeNull();
  });

  it('logs one line per request with the path but no query, body or cookie', async () => {
    const { api, me } = await signUp(bedside.app);
    await api.get('/api/sync/pull?cursor=&limit=7');
    const line = bedside.logLines.find((l) => l.path === '/api/sync/pull');
    expect(line).toMatchObject({ method: 'GET', status: 200, clinicId: me.clinic.id });
    expect(typeof line?.requestId).toBe('string');
    expect(typeof line?.ms).toBe('number');
    const everything = JSON.stringify(bedside.logLines);
    expect(everything).not.toContain('limit=7');
    expect(everything).not.toContain(me.user.email);
    expect(everything).not.toContain(testPassword);
    expect(everything).not.toContain(api.cookie?.split('=')[1]);
  });

  it('rate-limits writes and reads per clinic with 429 and Retry-After', async () => {
    // A database of its own: instances on one database share their counts, and the sign-ups of
    // the tests above have used this minute's budget of their (peerless) IP.
    const limitedDb = await migratedDb(kind);
    const limited = startBedside(limitedDb, { config: { rateLimitWrites: 3, rateLimitReads: 2 } });
    const first = await signUp(limited.app); // sign-up counts against the IP, not a clinic
    const second = await signUp(limited.app);
    const device = new Device(first.api);
    for (let i = 0; i < 3; i++) expect((await device.push([newPatient()])).status).toBe(200);
    const refused = await device.push([newPatient()]);
    expect(refused.status).toBe(429);
    expect(refused.body).toMatchObject({ type: problemType('rate-limited'), status: 429 });

    const reads = [
      await first.api.get('/api/auth/me'),
      await first.api.get('/api/auth/me'),
      await first.api.get('/api/auth/me'),
    ];
    expect(reads.map((r) => r.status)).toEqual([200, 200, 429]);
    expect(Number(reads[2]?.headers.get('retry-after'))).toBeGreaterThan(0);

    // Another clinic has its own budget.
    expect((await new Device(second.api).push([newPatient()])).status).toBe(200);
    expect((await limited.app.request('/api/health')).status).toBe(200);
    await limited.close();
    await limitedDb.close();
  });
});

describe('the web app', () => {
  let db: Db;
  beforeAll(async () => {
    db = await migratedDb('pglite');
  });
  afterAll(async () => {
    await db.close();
  });

  it('says how to build it when WEB_DIR has no index.html', async () => {
    const bedside = startBedside(db, {
      config: { webDir: mkdtempSync(path.join(tmpdir(), 'bedside-empty-')) },
    });
    const response = await bedside.app.request('/');
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('pnpm build');
    await bedside.close();
  });

  it('serves files, falls back to index.html for navigations, and caches by kind', async () => {
    const webDir = mkdtempSync(path.join(tmpdir(), 'bedside-web-'));
    const inline = 'console.log("boot")';
    writeFileSync(
      path.join(webDir, 'index.html'),
      `<!doctype html><html><body><script>${inline}</script></body></html>`,
    );
    writeFileSync(
      path.join(webDir, 'service-worker.js'),
      'self.addEventListener("fetch", () => {});',
    );
    writeFileSync(path.join(webDir, 'manifest.webmanifest'), '{}');
    mkdirSync(path.join(webDir, '_app/immutable/entry'), { recursive: true });
    writeFileSync(path.join(webDir, '_app/immutable/entry/start.abc123.js'), 'export {};');
    const bedside = startBedside(db, { config: { webDir } });
    const get = (p: string, accept = '*/*') => bedside.app.request(p, { headers: { accept } });

    const root = await get('/', 'text/html');
    expect(root.status).toBe(200);
    expect(await root.text()).toContain('boot');
    expect(root.headers.get('cache-control')).toBe('no-cache');

    const deepLink = await get(
      '/patients/0190a0f0-0000-7000-8000-000000000001',
      'text/html,application/xhtml+xml',
    );
    expect(deepLink.status).toBe(200);
    expect(await deepLink.text()).toContain('boot');
    expect(deepLink.headers.get('cache-control')).toBe('no-cache');
    // The CSP lets SvelteKit's inline bootstrap run, and nothing else inline.
    const { createHash } = await import('node:crypto');
    const hash = createHash('sha256').update(inline).digest('base64');
    expect(deepLink.headers.get('content-security-policy')).toContain(
      `script-src 'self' 'sha256-${hash}'`,
    );

    expect((await get('/service-worker.js')).headers.get('cache-control')).toBe('no-cache');
    expect((await get('/manifest.webmanifest')).headers.get('cache-control')).toBe('no-cache');
    const asset = await get('/_app/immutable/entry/start.abc123.js');
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');

    expect((await get('/missing.png', 'image/png')).status).toBe(404);
    expect((await get('/_app/immutable/entry/start.gone.js')).status).toBe(404);
    const api = await get('/api/nothing', 'text/html');
    expect(api.status).toBe(404);
    expect(api.headers.get('content-type')).toBe('application/problem+json');
    await bedside.close();
  });

  it('sends text gzipped to clients that accept it, and plain to those that do not', async () => {
    const webDir = mkdtempSync(path.join(tmpdir(), 'bedside-web-'));
    writeFileSync(path.join(webDir, 'index.html'), '<!doctype html><title>Bedside</title>');
    const index = 'A000 Cholera due to Vibrio cholerae 01, biovar cholerae\n'.repeat(200);
    writeFileSync(path.join(webDir, 'codes.txt'), index);
    const bedside = startBedside(db, { config: { webDir } });

    const gzipped = await bedside.app.request('/codes.txt', {
      headers: { 'accept-encoding': 'gzip' },
    });
    expect(gzipped.headers.get('content-encoding')).toBe('gzip');
    const { gunzipSync } = await import('node:zlib');
    const body = Buffer.from(await gzipped.arrayBuffer());
    expect(body.length).toBeLessThan(index.length / 10);
    expect(gunzipSync(body).toString()).toBe(index);

    const plain = await bedside.app.request('/codes.txt');
    expect(plain.headers.get('content-encoding')).toBeNull();
    expect(await plain.text()).toBe(index);
    await bedside.close();
  });

  it('serves a new build without a restart, with the CSP of the new bootstrap', async () => {
    const webDir = mkdtempSync(path.join(tmpdir(), 'bedside-web-'));
    const indexPath = path.join(webDir, 'index.html');
    writeFileSync(indexPath, '<!doctype html><script>console.log("build 1")</script>');
    const bedside = startBedside(db, { config: { webDir } });
    const get = () => bedside.app.request('/', { headers: { accept: 'text/html' } });
    expect(await (await get()).text()).toContain('build 1');

    const next = 'console.log("build 2")';
    writeFileSync(indexPath, `<!doctype html><script>${next}</script>`);
    utimesSync(indexPath, new Date(), new Date(Date.now() + 5_000));
    const response = await get();
    expect(await response.text()).toContain('build 2');
    const { createHash } = await import('node:crypto');
    const hash = createHash('sha256').update(next).digest('base64');
    expect(response.headers.get('content-security-policy')).toContain(`'sha256-${hash}'`);
    await bedside.close();
  });
});
