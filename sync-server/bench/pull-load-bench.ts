/**
 * `pnpm bench pull-load`: the server under many devices at once. The real server runs on
 * PostgreSQL (TEST_DATABASE_URL, or a throw-away local server) in its own process, as in
 * production; this process seeds a clinic of 50,000 patients through the push API, pulls it all
 * once (and reads the server's memory after that), then drives 50 connections, each a signed-in
 * device of the clinic, with autocannon: first an up-to-date device's pull (nothing new), then
 * `/api/auth/me`. Prints "goal | measured"; asserts nothing.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { uuidv7 } from 'uuidv7';
import type { PullResponse, PushResponse } from '@bedside/shared';
import { startTestPostgres } from '../test/postgres-server.ts';
import { patientPushBodies } from './patient-batches.ts';
import { percentile } from './raw-rates.ts';

const PATIENTS = Number(process.env.BENCH_PATIENTS ?? 50_000);
const BATCH = 500;
const CONNECTIONS = 50;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const WARM_UP_SECONDS = 2;
/** What a browser sends; the server decides whether to compress. */
const ACCEPT_ENCODING = 'gzip, deflate, br, zstd';

const serverDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

type Load = { perSecond: number; p50: number; p95: number; responses: number; failures: number };

const n = (x: number) => Math.round(x).toLocaleString('en-US');
const ms = (x: number) => `${x.toFixed(1)} ms`;
const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MiB`;
const line = (what: string, goal: string, measured: string) =>
  console.log(`  ${what.padEnd(34)} ${goal.padEnd(16)} | ${measured}`);

const postgres = await startTestPostgres();
try {
  await benchServer(postgres.url);
} finally {
  await postgres.stop();
}
// The embedded database: the same first download, for the server's memory alone.
await benchServer(undefined);

/** One server in its own process, on PostgreSQL (`databaseUrl`) or PGlite in a fresh data dir. */
async function benchServer(databaseUrl: string | undefined): Promise<void> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'bedside-pull-load-'));
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  let server = startServer(port, dataDir, databaseUrl);
  try {
    await waitForHealth(server, base);
    let firstBoot: Awaited<ReturnType<typeof serverMemory>> | undefined;
    if (!databaseUrl) {
      // The first start creates the database (initdb in its own WASM instance); every later start
      // opens it. Figures below are a later start's, as on a server that has been restarted once.
      firstBoot = await serverMemory(server);
      await stop(server);
      server = startServer(port, dataDir, databaseUrl);
      await waitForHealth(server, base);
    }
    const idle = await serverMemory(server);
    const owner = { email: `load-${uuidv7()}@bench.test`, password: 'bench-password-123' };
    const ownerCookie = await signUp(base, owner);
    await seed(base, ownerCookie);
    const seeded = await serverMemory(server);
    const cursor = await pullEverything(base, ownerCookie);
    const pulled = await serverMemory(server);

    if (databaseUrl) {
      console.log(
        `\nPostgreSQL, ${n(PATIENTS)} patients, ${CONNECTIONS} connections × ${SECONDS} s, server in its own process`,
      );
      console.log(`  ${''.padEnd(34)} ${'goal'.padEnd(16)} | measured`);
      // Every connection is its own device: its own session, as 50 tablets of one clinic.
      const cookies = [ownerCookie];
      while (cookies.length < CONNECTIONS) cookies.push(await logIn(base, owner));
      const pullPath = `/api/sync/pull?cursor=${encodeURIComponent(cursor)}`;
      const pullLoad = await load(base, pullPath, cookies, (body) => {
        const page = JSON.parse(body) as PullResponse;
        return page.more === false && page.cursor === cursor;
      });
      const meLoad = await load(base, '/api/auth/me', cookies, (body) => body.includes('"clinic"'));
      report('empty pull (up-to-date device)', pullLoad, { perSecond: '≥ 2,000', p95: '≤ 50 ms' });
      report('/api/auth/me', meLoad, { perSecond: '(none)', p95: '(none)' });
    } else {
      console.log(`\nPGlite in a new data dir, ${n(PATIENTS)} patients, server in its own process`);
      console.log(`  ${''.padEnd(34)} ${'goal'.padEnd(16)} | measured`);
    }
    if (firstBoot) line('server RSS at the very first start', '', memoryLine(firstBoot));
    line('server RSS at start', '', memoryLine(idle));
    line(`server RSS after pushing ${n(PATIENTS)}`, '', memoryLine(seeded));
    line('server RSS after pulling them', '< 250 MiB', memoryLine(pulled));
  } finally {
    await stop(server);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

function report(name: string, figures: Load, goal: { perSecond: string; p95: string }): void {
  line(`${name} req/s`, goal.perSecond, n(figures.perSecond));
  line(`${name} p50`, '', ms(figures.p50));
  line(`${name} p95`, goal.p95, ms(figures.p95));
  if (figures.failures > 0)
    console.log(`  ${name}: ${figures.failures} of ${figures.responses} answers were wrong`);
}

/** RSS, and the process's own breakdown after a full GC; PGlite's WASM memory is external. */
function memoryLine(m: { rss: number; after: MemoryUsage }): string {
  const a = m.after;
  return `${mib(m.rss)} (after a full GC: ${mib(a.rss)}; heap used ${mib(a.heapUsed)} of ${mib(a.heapTotal)}, external ${mib(a.external)} of which array buffers ${mib(a.arrayBuffers)})`;
}

/**
 * `connections` devices hammering one path for SECONDS after a short warm-up. Latencies are
 * taken per response; `correct` checks a sample of bodies so a fast wrong answer cannot pass.
 */
async function load(
  base: string,
  pathAndQuery: string,
  cookies: string[],
  correct: (body: string) => boolean,
): Promise<Load> {
  const run = async (seconds: number) => {
    const latencies: number[] = [];
    let failures = 0;
    let next = 0;
    let finished: (result: autocannon.Result) => void = () => {};
    let failed: (error: unknown) => void = () => {};
    const done = new Promise<autocannon.Result>((resolve, reject) => {
      finished = resolve;
      failed = reject;
    });
    const instance = autocannon(
      {
        url: `${base}${pathAndQuery}`,
        connections: cookies.length,
        duration: seconds,
        headers: { origin: base, 'accept-encoding': ACCEPT_ENCODING },
        setupClient: (client) => {
          const cookie = cookies[next++ % cookies.length] ?? '';
          client.setHeaders({ origin: base, 'accept-encoding': ACCEPT_ENCODING, cookie });
        },
      },
      (error: unknown, result) => (error ? failed(error) : finished(result)),
    );
    instance.on('response', (_client, status, _bytes, responseTime) => {
      latencies.push(responseTime);
      if (status !== 200) failures++;
    });
    const result = await done;
    return { result, latencies, failures };
  };
  await run(WARM_UP_SECONDS);
  const { result, latencies, failures } = await run(SECONDS);
  // autocannon does not read bodies into its results: check a few answers separately.
  let wrong = failures + result.errors + result.timeouts;
  for (let i = 0; i < 5; i++) {
    const response = await fetch(`${base}${pathAndQuery}`, { headers: { cookie: cookies[i]! } });
    if (!response.ok || !correct(await response.text())) wrong++;
  }
  return {
    perSecond: latencies.length / SECONDS,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    responses: latencies.length,
    failures: wrong,
  };
}

async function signUp(base: string, owner: { email: string; password: string }): Promise<string> {
  const response = await fetch(`${base}/api/clinics`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: base },
    body: JSON.stringify({
      clinicName: 'Load clinic',
      timezone: 'UTC',
      name: 'Load Owner',
      ...owner,
    }),
  });
  if (response.status !== 201) throw new Error(`signup failed: ${response.status}`);
  return cookieOf(response);
}

async function logIn(base: string, owner: { email: string; password: string }): Promise<string> {
  const response = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: base },
    body: JSON.stringify(owner),
  });
  if (!response.ok) throw new Error(`login failed: ${response.status}`);
  return cookieOf(response);
}

function cookieOf(response: Response): string {
  return (response.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
}

/** PATIENTS patients through the push API, BATCH per request, as a device would send them. */
async function seed(base: string, cookie: string): Promise<void> {
  for (const body of patientPushBodies(uuidv7(), PATIENTS, BATCH)) {
    const response = await fetch(`${base}/api/sync/push`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: base, cookie },
      body,
    });
    const answer = (await response.json()) as PushResponse;
    if (!response.ok || answer.results.some((r) => r.status !== 'applied'))
      throw new Error('seeding push failed');
  }
}

/** A new device's first download, page by page; returns the cursor of an up-to-date device. */
async function pullEverything(base: string, cookie: string): Promise<string> {
  let cursor = '';
  let pulled = 0;
  for (;;) {
    const response = await fetch(
      `${base}/api/sync/pull?limit=1000&cursor=${encodeURIComponent(cursor)}`,
      { headers: { cookie, 'accept-encoding': ACCEPT_ENCODING } },
    );
    const page = (await response.json()) as PullResponse;
    pulled += page.changes.patients?.length ?? 0;
    cursor = page.cursor;
    if (!page.more) break;
  }
  if (pulled !== PATIENTS) throw new Error(`pulled ${pulled} of ${PATIENTS}`);
  return cursor;
}

type MemoryUsage = ReturnType<typeof process.memoryUsage>;

/** The server's resident memory now, and its own breakdown after a full GC (memory-report.ts). */
async function serverMemory(
  child: ChildProcess,
): Promise<{ rss: number; after: MemoryUsage; before: MemoryUsage }> {
  const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
  const rss = Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) * 1024;
  const report = new Promise<{ before: MemoryUsage; after: MemoryUsage }>((resolve) => {
    let buffered = '';
    const onData = (chunk: Buffer) => {
      buffered += chunk.toString();
      const line = buffered.split('\n').find((l) => l.startsWith('memory-report '));
      if (!line) return;
      child.stderr?.off('data', onData);
      resolve(JSON.parse(line.slice('memory-report '.length)));
    };
    child.stderr?.on('data', onData);
  });
  child.kill('SIGUSR2');
  return { rss, ...(await report) };
}

function startServer(
  listenPort: number,
  directory: string,
  databaseUrl: string | undefined,
): ChildProcess {
  const { DATABASE_URL: _ours, ...env } = process.env;
  const child = spawn(
    process.execPath,
    [
      ...(process.env.BENCH_SERVER_NODE_FLAGS ?? '').split(' ').filter(Boolean),
      '--expose-gc',
      '--import',
      'tsx',
      '--import',
      './bench/memory-report.ts',
      'src/main.ts',
    ],
    {
      cwd: serverDir,
      env: {
        ...env,
        ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
        PORT: String(listenPort),
        HOST: '127.0.0.1',
        DATA_DIR: directory,
        // As in production: the request log is part of what a request costs.
        LOG_LEVEL: 'info',
        // 50 devices of one clinic pull far faster than any clinic: the limits would only slow it.
        RATE_LIMIT_WRITES: '1000000',
        RATE_LIMIT_READS: '1000000',
      },
      // The request log goes nowhere, as fast as a production log collector could take it.
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  child.stderr?.on('data', (chunk: Buffer) => {
    const text = chunk.toString();
    if (!text.startsWith('memory-report ')) process.stderr.write(text);
  });
  return child;
}

async function waitForHealth(child: ChildProcess, base: string): Promise<void> {
  for (let attempt = 0; attempt < 600; attempt++) {
    if (child.exitCode !== null) throw new Error(`sync server exited with ${child.exitCode}`);
    try {
      if ((await fetch(`${base}/api/health`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('sync server did not become healthy');
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const free = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(free));
    });
  });
}
