/**
 * `pnpm bench`: sync throughput of the real server (HTTP on loopback) against the raw rate of
 * the same database, on PGlite and on PostgreSQL (DATABASE_URL, or a throw-away local server).
 * Prints figures; asserts nothing.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { serve } from '@hono/node-server';
import { uuidv7 } from 'uuidv7';
import { SCHEMA_VERSION, type PullResponse, type PushResponse } from '@bedside/shared';
import { loadConfig } from '../src/config.ts';
import { createLogger } from '../src/log.ts';
import { newKey } from '../src/phi/envelope.ts';
import { createPhiKeys, masterKeys } from '../src/phi/phi-keys.ts';
import { createBedside } from '../src/server.ts';
import { createDiskBlobStore } from '../src/storage/blobs/disk-blob-store.ts';
import type { Db } from '../src/storage/db.ts';
import { migrate } from '../src/storage/migrate.ts';
import { openPglite } from '../src/storage/pglite-db.ts';
import { openPostgres } from '../src/storage/postgres-db.ts';
import { startTestPostgres } from '../test/postgres-server.ts';
import { patientPushBodies } from './patient-batches.ts';
import { percentile, rawInsertRate, rawSelectRate } from './raw-rates.ts';

const PATIENTS = Number(process.env.BENCH_PATIENTS ?? 50_000);
const BATCH = 500;
const PULL_LIMIT = 1000;
/** Batches of 500 mutations: 100 × (patient, SOAP record, edit, sign, addendum). */
const MIXED_BATCHES = 10;

type Figures = {
  pushPerSecond: number;
  batchP50: number;
  batchP95: number;
  pullPerSecond: number;
  mixedP50: number;
  mixedP95: number;
  rawInsertPerSecond: number;
  rawSelectPerSecond: number;
  rssMiB: number;
  memory: NodeJS.MemoryUsage;
};

async function benchDatabase(db: Db): Promise<Figures> {
  await migrate(db);
  const loaded = loadConfig({
    RATE_LIMIT_WRITES: '1000000',
    RATE_LIMIT_READS: '1000000',
    LOG_LEVEL: 'error',
    PORT: '0',
  });
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
  // No photos in this bench; the store is there because the app always has one.
  const blobRoot = mkdtempSync(path.join(tmpdir(), 'bedside-sync-bench-'));
  const blobs = createDiskBlobStore({ root: blobRoot, secret: uuidv7(), clock: () => new Date() });
  const phi = createPhiKeys(masterKeys(newKey()));
  const bedside = createBedside({
    config: loaded.config,
    db,
    log: createLogger('error'),
    blobs,
    phi,
  });
  const server = serve({ fetch: bedside.app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise((resolve) => server.once('listening', resolve));
  const address = server.address();
  const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const headers = { 'content-type': 'application/json', origin: base, cookie: '' };

  const signup = await fetch(`${base}/api/clinics`, {
    method: 'POST',
    headers,
    body: JSON.stringify({
      clinicName: 'Bench clinic',
      timezone: 'UTC',
      name: 'Bench Owner',
      email: `bench-${uuidv7()}@bench.test`,
      password: 'bench-password-123',
    }),
  });
  if (signup.status !== 201) throw new Error(`signup failed: ${signup.status}`);
  headers.cookie = (signup.headers.get('set-cookie') ?? '').split(';')[0] ?? '';

  // The device's batches are built before the clock starts: the figures are the server's.
  const bodies = patientPushBodies(uuidv7(), PATIENTS, BATCH);
  const latencies: number[] = [];
  let pushSeconds = 0;
  for (const body of bodies) {
    const started = performance.now();
    const response = await fetch(`${base}/api/sync/push`, { method: 'POST', headers, body });
    const answer = (await response.json()) as PushResponse;
    const elapsed = performance.now() - started;
    latencies.push(elapsed);
    pushSeconds += elapsed / 1000;
    if (!response.ok || answer.results.some((r) => r.status !== 'applied'))
      throw new Error('push failed');
  }

  let cursor = '';
  let pulled = 0;
  let soapVersionId: string | undefined;
  const pullStart = performance.now();
  for (;;) {
    const response = await fetch(
      `${base}/api/sync/pull?limit=${PULL_LIMIT}&cursor=${encodeURIComponent(cursor)}`,
      { headers },
    );
    const page = (await response.json()) as PullResponse;
    pulled += page.changes.patients?.length ?? 0;
    soapVersionId ??= page.changes.templates?.find((t) => t.builtIn === 'soap')?.currentVersionId;
    cursor = page.cursor;
    if (!page.more) break;
  }
  const pullSeconds = (performance.now() - pullStart) / 1000;
  if (pulled !== PATIENTS) throw new Error(`pulled ${pulled} of ${PATIENTS}`);
  const memory = process.memoryUsage();
  const rssMiB = memory.rss / 1024 / 1024;

  if (!soapVersionId) throw new Error('no SOAP template pulled');
  const mixedLatencies: number[] = [];
  for (const body of mixedBodies(uuidv7(), soapVersionId)) {
    const started = performance.now();
    const response = await fetch(`${base}/api/sync/push`, { method: 'POST', headers, body });
    const answer = (await response.json()) as PushResponse;
    mixedLatencies.push(performance.now() - started);
    if (!response.ok || answer.results.some((r) => r.status !== 'applied'))
      throw new Error('mixed push failed');
  }

  await bedside.close();
  rmSync(blobRoot, { recursive: true, force: true });
  await new Promise<void>((resolve) => server.close(() => resolve()));

  const rawInsert = await rawInsertRate(db, PATIENTS, BATCH);
  return {
    pushPerSecond: PATIENTS / pushSeconds,
    batchP50: percentile(latencies, 50),
    batchP95: percentile(latencies, 95),
    pullPerSecond: pulled / pullSeconds,
    mixedP50: percentile(mixedLatencies, 50),
    mixedP95: percentile(mixedLatencies, 95),
    rawInsertPerSecond: rawInsert.perSecond,
    rawSelectPerSecond: await rawSelectRate(db, rawInsert.clinicId, PULL_LIMIT),
    rssMiB,
    memory,
  };
}

/**
 * A day offline, sent at once: each patient created, then a SOAP note written against the
 * built-in version, edited, signed and given an addendum. Entities alternate every mutation or
 * so, the worst case for the push's per-entity steps.
 */
function mixedBodies(clientId: string, soapVersionId: string): string[] {
  let seq = 0;
  return Array.from({ length: MIXED_BATCHES }, () => {
    const mutations = Array.from({ length: 100 }, () => {
      const patientId = uuidv7();
      const recordId = uuidv7();
      return [
        {
          name: 'patient.create',
          args: { id: patientId, givenName: 'Mixed', familyName: 'Batch' },
        },
        {
          name: 'record.create',
          args: {
            id: recordId,
            patientId,
            templateVersionId: soapVersionId,
            data: { subjective: 'Knee pain for two weeks.', assessment: 'Patellofemoral pain.' },
          },
        },
        {
          name: 'record.update',
          args: { id: recordId, baseVersion: 1, data: { plan: 'Exercises; review in 4 weeks.' } },
        },
        { name: 'record.finalize', args: { id: recordId } },
        { name: 'addendum.create', args: { id: uuidv7(), recordId, text: 'Reviewed.' } },
      ];
    })
      .flat()
      .map((mutation) => ({ id: uuidv7(), seq: ++seq, ...mutation }));
    return JSON.stringify({ clientId, schemaVersion: SCHEMA_VERSION, mutations });
  });
}

function report(name: string, f: Figures): void {
  const n = (x: number) => Math.round(x).toLocaleString('en-US');
  console.log(
    `\n${name} — ${PATIENTS.toLocaleString('en-US')} patients, batches of ${BATCH}, pull pages of ${PULL_LIMIT}`,
  );
  console.log(
    `  push          ${n(f.pushPerSecond)} mutations/s   (raw batched insert ${n(f.rawInsertPerSecond)} rows/s, ratio ${(f.pushPerSecond / f.rawInsertPerSecond).toFixed(2)})`,
  );
  console.log(
    `  500-mutation batch latency  p50 ${f.batchP50.toFixed(1)} ms   p95 ${f.batchP95.toFixed(1)} ms   (target p95 ≤ 100 ms)`,
  );
  console.log(
    `  pull          ${n(f.pullPerSecond)} rows/s   (raw paged select ${n(f.rawSelectPerSecond)} rows/s, ratio ${(f.pullPerSecond / f.rawSelectPerSecond).toFixed(2)})   (target ≥ 20,000 rows/s)`,
  );
  console.log(
    `  500-mutation mixed batch (100 × patient, record, edit, sign, addendum)  p50 ${f.mixedP50.toFixed(1)} ms   p95 ${f.mixedP95.toFixed(1)} ms`,
  );
  const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MiB`;
  // This process is the bench's client as well as the server, and for PostgreSQL it has already
  // run PGlite: `pnpm bench pull-load` reads the server's own memory in a process of its own.
  console.log(
    `  process RSS after pull  ${f.rssMiB.toFixed(0)} MiB (heap used ${mib(f.memory.heapUsed)} of ${mib(f.memory.heapTotal)}, external ${mib(f.memory.external)} with PGlite's WASM memory, array buffers ${mib(f.memory.arrayBuffers)}; client and server in one process)`,
  );
}

const pglite = await openPglite(undefined);
report('PGlite (embedded, in memory)', await benchDatabase(pglite));
await pglite.close();

const given = process.env.DATABASE_URL;
const local = given
  ? undefined
  : await startTestPostgres().catch((error: unknown) => {
      console.log(
        `\nPostgreSQL: skipped (${error instanceof Error ? error.message.split('\n')[0] : String(error)}); set DATABASE_URL to a disposable database.`,
      );
      return undefined;
    });
const url = given ?? local?.url;
if (url) {
  const postgres = openPostgres(url);
  report(
    given ? 'PostgreSQL (DATABASE_URL)' : 'PostgreSQL (throw-away local server)',
    await benchDatabase(postgres),
  );
  await postgres.close();
}
await local?.stop();
