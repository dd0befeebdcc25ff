/**
 * `pnpm bench phi`: what sealing PHI at rest costs. First the cipher alone (seal and open of a
 * patient's seven sealed fields), then push and pull of N patients with every sealed field
 * filled through the real server on PGlite, once with the clinic's data key and once with a
 * cipher that stores clear text, the difference per row being the price. Prints figures; asserts
 * nothing. BENCH_PHI_ROWS sets N (10,000).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { serve } from '@hono/node-server';
import { uuidv7 } from 'uuidv7';
import { SCHEMA_VERSION, type PullResponse, type PushResponse } from '@bedside/shared';
import { loadConfig } from '../src/config.ts';
import { createLogger } from '../src/log.ts';
import { newKey, openValue, sealValue } from '../src/phi/envelope.ts';
import { openRows, phiTables, sealRows } from '../src/phi/phi-fields.ts';
import { createPhiKeys, masterKeys, type ClinicCipher, type PhiKeys } from '../src/phi/phi-keys.ts';
import { createBedside } from '../src/server.ts';
import { createDiskBlobStore } from '../src/storage/blobs/disk-blob-store.ts';
import { migrate } from '../src/storage/migrate.ts';
import { openPglite } from '../src/storage/pglite-db.ts';

const ROWS = Number(process.env.BENCH_PHI_ROWS ?? 10_000);
const BATCH = 500;
const PULL_LIMIT = 1000;

const details = (i: number) => ({
  phone: '+1 555 0100',
  notes: `Lives alone; daughter visits on Sundays. Knee replacement 2019. Patient ${i}.`,
  address: '12 Quay Street\nHarbourtown',
  emergencyName: 'Grace Hopper',
  emergencyRelationship: 'daughter',
  emergencyPhone: '+1 555 0101',
  allergies: ['latex', 'penicillin'],
});

/** Stores clear text: the baseline the real cipher is measured against. */
const clearKeys: PhiKeys = {
  master: masterKeys(newKey()),
  sealer: (_db, clinicId) => Promise.resolve(clearCipher(clinicId)),
  opener: (_db, clinicId) => Promise.resolve(clearCipher(clinicId)),
};
function clearCipher(clinicId: string): ClinicCipher {
  return { clinicId, seal: (_t, _c, plain) => plain, open: (_t, _c, stored) => stored };
}

function cipherAlone(): void {
  const rows = Array.from({ length: ROWS }, (_, i) => ({ clinicId: 'c', ...details(i) }));
  // A cipher with a key, without a database: the same calls a push and a pull make per row.
  const key = { id: uuidv7(), key: newKey() };
  const cipher: ClinicCipher = {
    clinicId: 'c',
    seal: (table, column, plain) => sealWith(key, table, column, plain),
    open: (table, column, stored) => openWith(key, table, column, stored),
  };
  let started = performance.now();
  const sealed = sealRows(cipher, phiTables.patients, rows);
  const sealMs = performance.now() - started;
  started = performance.now();
  openRows(cipher, phiTables.patients, sealed);
  const openMs = performance.now() - started;
  const fields = phiTables.patients.fields.length;
  console.log(
    `\ncipher alone — ${ROWS.toLocaleString('en-US')} patients × ${fields} sealed fields`,
  );
  console.log(
    `  seal  ${((sealMs * 1000) / ROWS).toFixed(1)} µs/row (${((sealMs * 1000) / ROWS / fields).toFixed(1)} µs/field)`,
  );
  console.log(
    `  open  ${((openMs * 1000) / ROWS).toFixed(1)} µs/row (${((openMs * 1000) / ROWS / fields).toFixed(1)} µs/field)`,
  );
}

const sealWith = (key: { id: string; key: Buffer }, table: string, column: string, plain: string) =>
  sealValue(key, { clinicId: 'c', table, column }, plain);
const openWith = (
  key: { id: string; key: Buffer },
  table: string,
  column: string,
  stored: string,
) => openValue(key, { clinicId: 'c', table, column }, stored);

async function pushAndPull(phi: PhiKeys): Promise<{ pushMs: number; pullMs: number }> {
  const db = await openPglite(undefined);
  await migrate(db);
  const loaded = loadConfig({
    RATE_LIMIT_WRITES: '1000000',
    RATE_LIMIT_READS: '1000000',
    LOG_LEVEL: 'error',
  });
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
  const blobRoot = mkdtempSync(path.join(tmpdir(), 'bedside-phi-bench-'));
  const blobs = createDiskBlobStore({ root: blobRoot, secret: uuidv7(), clock: () => new Date() });
  const log = createLogger('error');
  const bedside = createBedside({ config: loaded.config, db, log, blobs, phi });
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

  const clientId = uuidv7();
  const bodies: string[] = [];
  for (let done = 0, seq = 0; done < ROWS; done += BATCH) {
    const mutations = Array.from({ length: Math.min(BATCH, ROWS - done) }, (_, i) => ({
      id: uuidv7(),
      seq: ++seq,
      name: 'patient.create',
      args: { id: uuidv7(), givenName: 'Ada', familyName: `Row${done + i}`, ...details(done + i) },
    }));
    bodies.push(JSON.stringify({ clientId, schemaVersion: SCHEMA_VERSION, mutations }));
  }
  let started = performance.now();
  for (const body of bodies) {
    const response = await fetch(`${base}/api/sync/push`, { method: 'POST', headers, body });
    const answer = (await response.json()) as PushResponse;
    if (!response.ok || answer.results.some((r) => r.status !== 'applied'))
      throw new Error('push failed');
  }
  const pushMs = performance.now() - started;
  started = performance.now();
  let cursor = '';
  let pulled = 0;
  for (;;) {
    const response = await fetch(
      `${base}/api/sync/pull?limit=${PULL_LIMIT}&cursor=${encodeURIComponent(cursor)}`,
      { headers },
    );
    const page = (await response.json()) as PullResponse;
    pulled += page.changes.patients?.length ?? 0;
    cursor = page.cursor;
    if (!page.more) break;
  }
  const pullMs = performance.now() - started;
  if (pulled !== ROWS) throw new Error(`pulled ${pulled} of ${ROWS}`);
  await bedside.close();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await db.close();
  rmSync(blobRoot, { recursive: true, force: true });
  return { pushMs, pullMs };
}

cipherAlone();
// A first clear run warms up: its figures are dropped, so the warm-up favours neither side.
await pushAndPull(clearKeys);
const clear = await pushAndPull(clearKeys);
const sealed = await pushAndPull(createPhiKeys(masterKeys(newKey())));
const perRow = (ms: number) => `${((ms * 1000) / ROWS).toFixed(1)} µs/row`;
console.log(
  `\nPGlite — ${ROWS.toLocaleString('en-US')} patients with every sealed field filled, batches of ${BATCH}, pull pages of ${PULL_LIMIT}`,
);
for (const [name, key] of [
  ['push', 'pushMs'],
  ['pull', 'pullMs'],
] as const) {
  const extra = sealed[key] - clear[key];
  console.log(
    `  ${name}  clear ${Math.round(clear[key])} ms (${perRow(clear[key])})   sealed ${Math.round(sealed[key])} ms (${perRow(sealed[key])})   cost ${perRow(extra)} (${((extra / clear[key]) * 100).toFixed(0)} %)`,
  );
}
