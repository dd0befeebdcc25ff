import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { migrationsDir } from '../storage/migrate.ts';
import { readMigrationFiles } from '../storage/migrate-files.ts';
import { openPostgres } from '../storage/postgres-db.ts';

const serverDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
// Each run starts Node, tsx and a database; slower than a unit test, and no assertion on time.
const cliTimeout = 120_000;

type CliResult = { code: number | null; stdout: string; stderr: string };

/** Runs `pnpm migrate` the way the package script does, with only the given database settings. */
function runCli(
  args: string[],
  env: { DATABASE_URL?: string; DATA_DIR?: string },
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/migrate.ts', ...args], {
      cwd: serverDir,
      env: { ...process.env, DATABASE_URL: '', DATA_DIR: '', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('pnpm migrate', () => {
  let dataDir: string | undefined;
  afterEach(() => {
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    dataDir = undefined;
  });

  it(
    'on the embedded database: --check fails before migrating, migrate applies, then --check passes',
    async () => {
      dataDir = mkdtempSync(path.join(tmpdir(), 'bedside-cli-'));

      const before = await runCli(['--check'], { DATA_DIR: dataDir });
      expect(before.code).toBe(1);
      expect(before.stdout).toContain('migration 0001_init.sql not applied\n');
      expect(before.stdout).toContain('missing table patients\n');

      const applied = await runCli([], { DATA_DIR: dataDir });
      const every = readMigrationFiles(migrationsDir).map((file) => `applied ${file.name}\n`);
      expect(every[0]).toBe('applied 0001_init.sql\n');
      expect([applied.code, applied.stdout]).toEqual([0, every.join('')]);

      const after = await runCli(['--check'], { DATA_DIR: dataDir });
      expect([after.code, after.stdout]).toEqual([0, 'no drift\n']);
    },
    cliTimeout,
  );

  it(
    'on DATABASE_URL: --check prints a dropped index and exits 1, migrate repairs it',
    async () => {
      const adminUrl = inject('postgresUrl');
      const name = 'cli_' + randomBytes(6).toString('hex');
      const admin = openPostgres(adminUrl, { max: 1 });
      await admin.exec(`CREATE DATABASE ${name}`);
      await admin.close();
      const url = new URL(adminUrl);
      url.pathname = '/' + name;
      const databaseUrl = url.toString();

      expect((await runCli([], { DATABASE_URL: databaseUrl })).code).toBe(0);
      const db = openPostgres(databaseUrl, { max: 1 });
      await db.exec('DROP INDEX users_clinic_idx');
      await db.close();

      const check = await runCli(['--check'], { DATABASE_URL: databaseUrl });
      expect([check.code, check.stdout]).toEqual([
        1,
        'missing index users_clinic_idx on users: CREATE INDEX users_clinic_idx ON users USING btree (clinic_id)\n',
      ]);

      const repair = await runCli([], { DATABASE_URL: databaseUrl });
      expect([repair.code, repair.stdout]).toEqual([
        0,
        'repaired missing index users_clinic_idx on users: CREATE INDEX users_clinic_idx ON users USING btree (clinic_id)\n',
      ]);
    },
    cliTimeout,
  );

  it('refuses unknown arguments with its usage', async () => {
    const result = await runCli(['--dry-run'], {});

    expect([result.code, result.stderr]).toEqual([2, 'usage: pnpm migrate [--check]\n']);
  });
});
