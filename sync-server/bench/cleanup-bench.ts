/**
 * `pnpm bench cleanup`: the nightly cleanup of a clinic of 100,000 synced rows
 * (BENCH_CLEANUP_ROWS) and 20,000 objects on the disk driver, 10 % of them due, on PGlite and on
 * PostgreSQL (TEST_DATABASE_URL, or a throw-away local server). A second clinic whose rows are
 * all due shows the run stays in its clinic. Prints a dry run, the run itself (wall time, peak
 * memory, longest transaction and statement) and a second run right after, what remains per
 * table, and whether exactly the due rows and objects went ("ok" / "MISMATCH"); asserts nothing.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { uuidv7 } from 'uuidv7';
import { cleanupWindow } from '../src/domain/retention/cleanup-window.ts';
import { runCleanup } from '../src/domain/retention/run-cleanup.ts';
import { createDiskBlobStore } from '../src/storage/blobs/disk-blob-store.ts';
import { clinicPrefix } from '../src/storage/blobs/object-keys.ts';
import type { BlobStore } from '../src/storage/blobs/blob-store.ts';
import type { Db } from '../src/storage/db.ts';
import { migrate } from '../src/storage/migrate.ts';
import { openPglite } from '../src/storage/pglite-db.ts';
import { openPostgres } from '../src/storage/postgres-db.ts';
import { join, raw, sql } from '../src/storage/sql.ts';
import { startTestPostgres } from '../test/postgres-server.ts';
import { newClinic, rowSplit, seedObjects, seedRows, type SeededObjects } from './cleanup-seed.ts';
import { sampleMemory } from './memory-sampler.ts';
import { timedDb, type Timed } from './timed-db.ts';

const ROWS = Number(process.env.BENCH_CLEANUP_ROWS ?? 100_000);
/** The seeded "today", which every run is given as `now`. */
const TODAY = new Date('2026-06-01T01:00:00Z');
/** The clinics' retention (the default of `clinics.retention_days`). */
const RETENTION_DAYS = 30;
const retentionCutoff = cleanupWindow(TODAY, RETENTION_DAYS).retentionCutoff;

const n = (x: number) => Math.round(x).toLocaleString('en-US');
const ms = (x: number) => (x >= 1000 ? `${(x / 1000).toFixed(2)} s` : `${x.toFixed(1)} ms`);
const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MiB`;
const line = (what: string, value: string) => console.log(`  ${what.padEnd(36)} ${value}`);
const verdict = (fine: boolean) => (fine ? 'ok' : 'MISMATCH');

const started = performance.now();
// PostgreSQL first: PGlite's WASM memory never shrinks, and would sit in the other's figures.
const postgresServer = await startTestPostgres();
try {
  const postgres = openPostgres(postgresServer.url);
  try {
    await benchDatabase('PostgreSQL', postgres);
  } finally {
    await postgres.close();
  }
} finally {
  await postgresServer.stop();
}
const pgliteDir = mkdtempSync(path.join(tmpdir(), 'bedside-cleanup-bench-pglite-'));
try {
  const pglite = await openPglite(pgliteDir);
  try {
    await benchDatabase('PGlite (data directory on disk)', pglite);
  } finally {
    await pglite.close();
  }
} finally {
  rmSync(pgliteDir, { recursive: true, force: true });
}
console.log(`\nwhole bench: ${ms(performance.now() - started)}`);

async function benchDatabase(name: string, db: Db): Promise<void> {
  const split = rowSplit(ROWS);
  const synced = split.patients + split.records + split.photos + split.appointments;
  console.log(
    `\n${name}: ${n(split.patients)} patients, ${n(split.records)} records, ${n(split.photos)} photos, ${n(split.appointments)} appointments (${n(synced)} synced rows), disk blob store`,
  );
  await migrate(db);
  const blobRoot = mkdtempSync(path.join(tmpdir(), 'bedside-cleanup-bench-blobs-'));
  try {
    const blobs = createDiskBlobStore({ root: blobRoot, secret: uuidv7(), clock: () => TODAY });
    const seedStarted = performance.now();
    const clinic = await newClinic(db, TODAY, 'Cleanup bench clinic');
    await seedRows(db, clinic, { rows: ROWS, today: TODAY, allDue: false });
    const other = await newClinic(db, TODAY, 'Clinic whose rows are all due');
    await seedRows(db, other, { rows: ROWS / 50, today: TODAY, allDue: true });
    const rowsSeeded = performance.now();
    const objects = await seedObjects(db, blobRoot, clinic.clinicId, {
      today: TODAY,
      retentionCutoff,
    });
    await seedObjects(db, blobRoot, other.clinicId, { today: TODAY, retentionCutoff });
    // A clinic's tables grow over months and autovacuum keeps their statistics; so here.
    await db.exec('ANALYZE');
    line(
      'seeded rows / objects',
      `${ms(rowsSeeded - seedStarted)} / ${ms(performance.now() - rowsSeeded)} (${n(objects.keys.length)} objects in the clinic, ${n(objects.orphans)} of them old orphans)`,
    );

    const before = await snapshot(db, blobs, clinic.clinicId);
    const otherBefore = await snapshot(db, blobs, other.clinicId);
    const dueRows = before.tables.reduce((sum, t) => sum + t.due, 0);
    line(
      'due',
      `${n(dueRows)} rows (${tableList(before.tables, (t) => t.due)}); ${n(objects.dueKeys.size)} objects (${n(objects.orphans)} orphans, the rest of due photos)`,
    );

    const run = (dryRun: boolean, target: Db = db) =>
      runCleanup({ db: target, blobs }, { clinicId: clinic.clinicId, now: TODAY, dryRun });

    const dryStarted = performance.now();
    const dry = await run(true);
    line('dry run', `${ms(performance.now() - dryStarted)}: ${JSON.stringify(dry)}`);
    const afterDry = await snapshot(db, blobs, clinic.clinicId);
    line('dry run changed nothing', verdict(sameSnapshot(before, afterDry)));

    const timed = timedDb(db);
    const memory = sampleMemory(10);
    const runStarted = performance.now();
    const counts = await run(false, timed.db);
    const wall = performance.now() - runStarted;
    const peak = memory.stop();
    line('run', `${ms(wall)}: ${JSON.stringify(counts)}`);
    line(
      'peak RSS / heap used during the run',
      `${mib(peak.rss)} / ${mib(peak.heapUsed)} (at the start ${mib(peak.startRss)} / ${mib(peak.startHeapUsed)}; process max RSS ${mib(peak.maxRssBefore)} before, ${mib(peak.maxRssAfter)} after)`,
    );
    const { transactions, statements, statementsInTransactions } = timed.timings;
    line(
      'longest transaction',
      `${describe(timed.longest(transactions))} (${n(transactions.length)} transactions)`,
    );
    line(
      'longest statement outside one',
      `${describe(timed.longest(statements))} (${n(statements.length)} statements)`,
    );
    if (statementsInTransactions.length > 0)
      line(
        'longest statement inside one',
        `${describe(timed.longest(statementsInTransactions))} (${n(statementsInTransactions.length)} statements)`,
      );

    const after = await snapshot(db, blobs, clinic.clinicId);
    reportRemaining(before, after);
    reportObjects(objects, before.keys, after.keys);
    const otherAfter = await snapshot(db, blobs, other.clinicId);
    line('other clinic untouched', verdict(sameSnapshot(otherBefore, otherAfter)));

    const secondStarted = performance.now();
    const second = await run(false);
    line('second run', `${ms(performance.now() - secondStarted)}: ${JSON.stringify(second)}`);
    line('second run found nothing', verdict(allZero(second)));
  } finally {
    rmSync(blobRoot, { recursive: true, force: true });
  }
}

type TableTally = { table: string; rows: number; due: number };
type Snapshot = { tables: TableTally[]; keys: string[] };

/**
 * Rows per synced table, and how many are due: soft-deleted before the retention cut-off, or
 * under a patient who is; a template version is due with its template. Plus the clinic's
 * objects, and the purge markers (`purged_rows`) for information.
 */
async function snapshot(db: Db, blobs: BlobStore, clinicId: string): Promise<Snapshot> {
  const cut = retentionCutoff;
  // Table names are this file's own constants (`raw`); the values are parameters.
  const underDuePatient = (table: string) => sql`
    SELECT ${table}::text AS "table", count(*) AS rows,
      count(*) FILTER (WHERE c.deleted_at < ${cut} OR p.deleted_at < ${cut}) AS due
    FROM ${raw(table)} c JOIN patients p ON p.clinic_id = c.clinic_id AND p.id = c.patient_id
    WHERE c.clinic_id = ${clinicId}`;
  const ownDeletion = (table: string) => sql`
    SELECT ${table}::text AS "table", count(*) AS rows,
      count(*) FILTER (WHERE deleted_at < ${cut}) AS due
    FROM ${raw(table)} WHERE clinic_id = ${clinicId}`;
  const parts = [
    ownDeletion('patients'),
    underDuePatient('records'),
    underDuePatient('photos'),
    underDuePatient('appointments'),
    ownDeletion('record_templates'),
    sql`SELECT 'template_versions', count(*), count(*) FILTER (WHERE t.deleted_at < ${cut})
      FROM template_versions v
      JOIN record_templates t ON t.clinic_id = v.clinic_id AND t.id = v.template_id
      WHERE v.clinic_id = ${clinicId}`,
    ownDeletion('appointment_types'),
    sql`SELECT 'purged_rows', count(*), 0 FROM purged_rows WHERE clinic_id = ${clinicId}`,
  ];
  const tables = await db.many<TableTally>(join(parts, ' UNION ALL '));
  const keys: string[] = [];
  for await (const object of blobs.list(clinicPrefix(clinicId))) keys.push(object.key);
  return { tables: tables.map((t) => ({ ...t, rows: Number(t.rows), due: Number(t.due) })), keys };
}

function sameSnapshot(a: Snapshot, b: Snapshot): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function tableList(tables: TableTally[], value: (t: TableTally) => number): string {
  return tables
    .filter((t) => t.table !== 'purged_rows')
    .map((t) => `${t.table} ${n(value(t))}`)
    .join(', ');
}

/** Per table: what remains, and whether exactly the due rows went. */
function reportRemaining(before: Snapshot, after: Snapshot): void {
  let removed = 0;
  console.log(`  remaining rows, per table (expected: all but the due ones):`);
  for (const was of before.tables) {
    const now = after.tables.find((t) => t.table === was.table);
    if (!now) continue;
    if (was.table === 'purged_rows') {
      console.log(`    ${was.table.padEnd(20)} ${n(was.rows)} → ${n(now.rows)}`);
      continue;
    }
    removed += was.rows - now.rows;
    const expected = was.rows - was.due;
    const fine = now.rows === expected && now.due === 0;
    console.log(
      `    ${was.table.padEnd(20)} ${n(was.rows)} → ${n(now.rows)} (expected ${n(expected)}) ${verdict(fine)}`,
    );
  }
  if (removed === 0)
    console.log('    (no synced row went: this build has no purge of synced rows yet)');
}

/** The clinic's objects: the due ones gone, every other one still there. */
function reportObjects(seeded: SeededObjects, before: string[], after: string[]): void {
  const remaining = new Set(after);
  const dueLeft = [...seeded.dueKeys].filter((key) => remaining.has(key)).length;
  const keptGone = before.filter((key) => !seeded.dueKeys.has(key) && !remaining.has(key)).length;
  const seededKeys = new Set(before);
  const unknown = after.filter((key) => !seededKeys.has(key)).length;
  line(
    'objects',
    `${n(before.length)} → ${n(after.length)} (expected ${n(before.length - seeded.dueKeys.size)}): ${n(seeded.dueKeys.size - dueLeft)} of ${n(seeded.dueKeys.size)} due gone, ${n(keptGone)} others gone ${verdict(dueLeft === 0 && keptGone === 0 && unknown === 0)}`,
  );
}

function describe(timed: Timed | undefined): string {
  return timed ? `${ms(timed.ms)}: ${timed.text}` : 'none';
}

function allZero(value: unknown): boolean {
  if (typeof value === 'number') return value === 0;
  if (typeof value === 'object' && value !== null) return Object.values(value).every(allZero);
  return true;
}
