import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { uuidv7 } from 'uuidv7';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { paddedJpeg } from '../../test/photo-helpers.ts';
import { clinicWithPatient, startBedside, testClock } from '../../test/test-app.ts';
import { createLogger } from '../log.ts';
import { openDiskBlobStore } from '../storage/blobs/disk-blob-store.ts';
import { photoKey, uploadKeyOf } from '../storage/blobs/object-keys.ts';
import { migrate } from '../storage/migrate.ts';
import { openPglite } from '../storage/pglite-db.ts';

const serverDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
// Each run starts Node, tsx and PGlite; slower than a unit test, and no assertion on time.
const cliTimeout = 120_000;
const day = 24 * 60 * 60 * 1000;

type CliResult = { code: number | null; stdout: string; stderr: string };

/** Runs `pnpm cleanup` the way the package script does, on the embedded database in `dataDir`. */
function runCli(args: string[], dataDir: string): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/cleanup.ts', ...args], {
      cwd: serverDir,
      env: { ...process.env, DATABASE_URL: '', BLOB_DRIVER: '', DATA_DIR: dataDir },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('pnpm cleanup', () => {
  let dataDir: string;
  let clinicId = '';
  let otherClinicId = '';
  let objectBytes = 0;
  const t0 = Math.floor(Date.now() / 1000) * 1000;
  const day32 = new Date(t0 + 32 * day).toISOString();

  // A clinic on day 0 of the embedded database and disk store a server would use: its owner's
  // session (30 days), a refused mutation, its patient deleted with an object under it that no
  // row names (the patient's purge takes it). Then one more clinic.
  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'bedside-cleanup-cli-'));
    const log = createLogger('silent');
    const clock = testClock(t0);
    const db = await openPglite(path.join(dataDir, 'pg'));
    await migrate(db, { log });
    const blobs = await openDiskBlobStore({ dataDir, signingSecret: undefined, clock, log });
    const bedside = startBedside(db, { clock, blobs });
    const { owner, device, patient } = await clinicWithPatient(bedside.app);
    clinicId = owner.me.clinic.id;
    await device.push([{ name: 'patient.teleport', args: { id: uuidv7() } }]);
    const deleted = await device.push([{ name: 'patient.delete', args: { id: patient.id } }]);
    expect(deleted.body.results[0]?.status).toBe('applied');
    const key = photoKey({ clinicId, patientId: patient.id, photoId: uuidv7() });
    const bytes = paddedJpeg(1);
    objectBytes = bytes.length;
    const stored = await blobs.receive(uploadKeyOf(key), oneChunk(bytes), {
      contentType: 'image/jpeg',
      maxBytes: bytes.length,
    });
    expect(stored).toBe('stored');
    expect(await blobs.move(uploadKeyOf(key), key)).toBe(true);
    clock.advance(31 * day);
    otherClinicId = (await clinicWithPatient(bedside.app)).owner.me.clinic.id;
    await bedside.close();
    await db.close();
  }, cliTimeout);
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  const line = (id: string, verb: string, due: 0 | 1, bytes: number) =>
    `clinic ${id} ${verb}: ${due} patients, 0 draft notes, 0 addenda, 0 photos and attachments, ` +
    `0 appointments, 0 templates, 0 template versions, 0 appointment types, ` +
    `${due} expired sign-in sessions, 0 capture sessions, 0 abandoned capture slots, ` +
    `${due} refusal verdicts, 0 staged uploads, ${bytes === 0 ? 0 : 1} objects, ${bytes} bytes`;

  it(
    'prints what a dry run would remove, removes it for one clinic, then finds nothing more',
    async () => {
      const dry = await runCli(['--dry-run', '--now', day32], dataDir);
      const ids = [clinicId, otherClinicId].sort();
      const due = (id: string, verb: string) =>
        id === clinicId ? line(id, verb, 1, objectBytes) : line(id, verb, 0, 0);
      expect([dry.code, dry.stderr, dry.stdout]).toEqual([
        0,
        '',
        [`dry run as of ${day32}, 2 clinic(s)`, ...ids.map((id) => due(id, 'would remove'))]
          .map((text) => text + '\n')
          .join(''),
      ]);

      const removed = await runCli(['--clinic', clinicId, '--now', day32], dataDir);
      expect([removed.code, removed.stdout]).toEqual([
        0,
        `cleanup as of ${day32}, 1 clinic(s)\n${due(clinicId, 'removed')}\n`,
      ]);

      const again = await runCli(['--clinic', clinicId, '--now', day32], dataDir);
      expect([again.code, again.stdout]).toEqual([
        0,
        `cleanup as of ${day32}, 1 clinic(s)\n${line(clinicId, 'removed', 0, 0)}\n`,
      ]);
    },
    cliTimeout,
  );

  it(
    'refuses bad arguments and an unknown clinic with one line and exit code 2',
    async () => {
      const badDate = await runCli(['--now', 'next tuesday'], dataDir);
      expect([badDate.code, badDate.stdout, badDate.stderr]).toEqual([
        2,
        '',
        'cleanup: --now must be an ISO-8601 date and time with its offset, such as 2026-04-01T03:00:00Z, not "next tuesday".\n',
      ]);
      const unknown = await runCli(['--purge-everything'], dataDir);
      expect([unknown.code, unknown.stderr]).toEqual([
        2,
        'cleanup: usage: pnpm cleanup [--dry-run] [--clinic ID] [--now ISO-8601]\n',
      ]);
      const nobody = uuidv7();
      const noClinic = await runCli(['--clinic', nobody], dataDir);
      expect([noClinic.code, noClinic.stdout, noClinic.stderr]).toEqual([
        2,
        '',
        `cleanup: there is no clinic ${nobody}.\n`,
      ]);
    },
    cliTimeout,
  );
});

async function* oneChunk(bytes: Uint8Array): AsyncGenerator<Uint8Array> {
  yield bytes;
}
