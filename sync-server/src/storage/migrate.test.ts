import { appendFileSync, cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { dbKinds, freshDb } from '../../test/test-db.ts';
import type { Db } from './db.ts';
import { migrate, MigrationError, migrationsDir, type MigrationLogger } from './migrate.ts';
import { readMigrationFiles, runMigrationFile } from './migrate-files.ts';
import { dumpCatalog, expectedCatalog, type Catalog } from './schema-catalog.ts';
import { describeDrift, diffCatalogs } from './schema-drift.ts';
import { repairDrift } from './schema-repair.ts';
import { sql } from './sql.ts';

const fileNames = readMigrationFiles(migrationsDir).map((file) => file.name);

describe.each(dbKinds)('migrate on %s', (kind) => {
  let cleanCatalog: Catalog;
  let db: Db;
  let scratchDir: string | undefined;

  beforeAll(async () => {
    const clean = await freshDb(kind);
    await migrate(clean);
    cleanCatalog = await dumpCatalog(clean);
    await clean.close();
  });
  beforeEach(async () => {
    db = await freshDb(kind);
  });
  afterEach(async () => {
    await db.close();
    if (scratchDir) rmSync(scratchDir, { recursive: true, force: true });
    scratchDir = undefined;
  });

  /** A copy of the real migration files that a test may edit. */
  function copyOfMigrations(): string {
    scratchDir = mkdtempSync(path.join(tmpdir(), 'bedside-migrations-'));
    cpSync(migrationsDir, scratchDir, { recursive: true });
    return scratchDir;
  }

  const ledger = () => db.many(sql`SELECT name, checksum FROM schema_migrations ORDER BY name`);
  const schemasNamed = (prefix: string) =>
    db.many(sql`SELECT nspname FROM pg_namespace WHERE nspname LIKE ${prefix + '%'}`);

  it('gives an empty database the schema the files define, records every file and leaves nothing else', async () => {
    const report = await migrate(db);

    expect(report).toEqual({ applied: fileNames, repaired: [], drift: [] });
    const live = await dumpCatalog(db);
    expect(live).toEqual(await expectedCatalog(db, readMigrationFiles(migrationsDir)));
    expect(live.tables.patients?.columns.given_name).toEqual({
      type: 'text',
      nullable: false,
      default: null,
    });
    expect(live.tables.users?.indexes.users_email_key).toBe(
      'CREATE UNIQUE INDEX users_email_key ON users USING btree (lower(email))',
    );
    expect(live.tables.users?.constraints.users_clinic_id_fkey).toBe(
      'FOREIGN KEY (clinic_id) REFERENCES clinics(id)',
    );
    expect((await ledger()).map((row) => row.name)).toEqual(fileNames);
    expect(await schemasNamed('bedside')).toEqual([]);
  });

  it('applies nothing on a second run and leaves the same schema', async () => {
    await migrate(db);
    const logged: string[] = [];
    const log: MigrationLogger = {
      info: (_, m) => logged.push(m),
      warn: (_, m) => logged.push(m),
      error: (_, m) => logged.push(m),
    };

    const report = await migrate(db, { log });

    expect(report).toEqual({ applied: [], repaired: [], drift: [] });
    expect(logged).toEqual([]);
    expect(await dumpCatalog(db)).toEqual(cleanCatalog);
  });

  it('lets two runs started together both succeed, applying each file once', async () => {
    const [first, second] = await Promise.all([migrate(db), migrate(db)]);

    expect([...first.applied, ...second.applied].sort()).toEqual(fileNames);
    expect([first.drift, second.drift]).toEqual([[], []]);
    expect(await ledger()).toHaveLength(fileNames.length);
  });

  it('can re-apply every file over the schema it made, changing nothing', async () => {
    await migrate(db);

    for (const file of readMigrationFiles(migrationsDir)) {
      await db.transaction((tx) => runMigrationFile(tx, file, 'public'));
    }

    expect(await dumpCatalog(db)).toEqual(cleanCatalog);
  });

  it('re-creates a dropped index', async () => {
    await migrate(db);
    await db.exec('DROP INDEX users_clinic_idx');

    const report = await migrate(db);

    expect(report.applied).toEqual([]);
    expect(report.repaired).toEqual([
      'missing index users_clinic_idx on users: CREATE INDEX users_clinic_idx ON users USING btree (clinic_id)',
    ]);
    expect(report.drift).toEqual([]);
    expect(await dumpCatalog(db)).toEqual(cleanCatalog);
  });

  it('adds back dropped columns with their type, default, NOT NULL, constraints and indexes, keeping the rows', async () => {
    await migrate(db);
    await db.exec(`
      INSERT INTO clinics (id, name, timezone, epoch) VALUES (gen_random_uuid(), 'North', 'Europe/Oslo', gen_random_uuid());
      ALTER TABLE clinics DROP COLUMN retention_days;
      ALTER TABLE patients DROP COLUMN clinic_id CASCADE;`);

    const report = await migrate(db);

    expect(report.repaired).toEqual(
      expect.arrayContaining([
        'missing column clinics.retention_days integer NOT NULL DEFAULT 30',
        'missing column patients.clinic_id uuid NOT NULL',
        expect.stringMatching(/^missing constraint clinics_retention_days_check on clinics/),
        expect.stringMatching(/^missing constraint patients_clinic_id_fkey on patients/),
        expect.stringMatching(/^missing index patients_clinic_change_seq_idx on patients/),
        // CASCADE took the keys that make records point at a patient of their own clinic.
        expect.stringMatching(/^missing constraint patients_clinic_id_id_key on patients/),
        expect.stringMatching(/^missing constraint records_patient_fkey on records/),
      ]),
    );
    expect(report.drift).toEqual([]);
    expect(await dumpCatalog(db)).toEqual(cleanCatalog);
    expect(await db.many(sql`SELECT name, retention_days FROM clinics`)).toEqual([
      { name: 'North', retention_days: 30 },
    ]);
  });

  it('re-creates tables that schema_migrations says were applied but are gone', async () => {
    await migrate(db);
    const tables = Object.keys(cleanCatalog.tables)
      .map((name) => `"${name}"`)
      .join(', ');
    await db.exec(`DROP TABLE ${tables} CASCADE`);

    const report = await migrate(db);

    expect(report.applied).toEqual([]);
    expect(report.repaired).toEqual(
      Object.keys(cleanCatalog.tables).map((table) => `missing table ${table}`),
    );
    expect(report.drift).toEqual([]);
    expect(await dumpCatalog(db)).toEqual(cleanCatalog);
    expect((await ledger()).map((row) => row.name)).toEqual(fileNames);
  });

  it('adds a NOT NULL column with no default to a table with rows as nullable, and reports it', async () => {
    await migrate(db);
    await db.exec(`
      INSERT INTO clinics (id, name, timezone, epoch) VALUES (gen_random_uuid(), 'North', 'Europe/Oslo', gen_random_uuid());
      ALTER TABLE clinics DROP COLUMN timezone;`);
    const warnings: string[] = [];
    const log: MigrationLogger = {
      info() {},
      warn: (_, message) => warnings.push(message),
      error() {},
    };

    const report = await migrate(db, { log });

    expect(report.repaired).toEqual(['missing column clinics.timezone text NOT NULL']);
    expect(report.drift).toEqual([
      {
        kind: 'column-differs',
        table: 'clinics',
        column: 'timezone',
        expected: { type: 'text', nullable: false, default: null },
        actual: { type: 'text', nullable: true, default: null },
      },
    ]);
    expect(warnings).toEqual(['schema repair failed', 'schema drift remains']);
    expect(await db.many(sql`SELECT name, timezone FROM clinics`)).toEqual([
      { name: 'North', timezone: null },
    ]);
  });

  it('rebuilds dropped tables piece by piece when re-applying the files is not enough', async () => {
    await migrate(db);
    const tables = Object.keys(cleanCatalog.tables)
      .map((name) => `"${name}"`)
      .join(', ');
    await db.exec(`DROP TABLE ${tables} CASCADE`);
    const repaired: string[] = [];
    const failed: string[] = [];

    const drift = diffCatalogs(cleanCatalog, await dumpCatalog(db));
    await repairDrift(db, drift, {
      repaired: (item) => repaired.push(describeDrift(item)),
      failed: (item, reason) => failed.push(`${describeDrift(item)}: ${reason}`),
    });

    expect(failed).toEqual([]);
    expect(repaired).toEqual(
      Object.keys(cleanCatalog.tables).map((table) => `missing table ${table}`),
    );
    expect(await dumpCatalog(db)).toEqual(cleanCatalog);
  });

  it('re-creates an index and a constraint whose definitions differ', async () => {
    await migrate(db);
    await db.exec(`
      DROP INDEX users_clinic_idx;
      CREATE INDEX users_clinic_idx ON users (clinic_id, email);
      ALTER TABLE clinics DROP CONSTRAINT clinics_retention_days_check;
      ALTER TABLE clinics ADD CONSTRAINT clinics_retention_days_check CHECK (retention_days > 0);`);

    const report = await migrate(db);

    expect(report.repaired).toEqual([
      expect.stringMatching(
        /^constraint clinics_retention_days_check on clinics is CHECK \(\(retention_days > 0\)\), expected/,
      ),
      expect.stringMatching(/^index users_clinic_idx on users is .*\(clinic_id, email\), expected/),
    ]);
    expect(report.drift).toEqual([]);
    expect(await dumpCatalog(db)).toEqual(cleanCatalog);
  });

  it('reports an unexpected table, column and index but keeps them and their data', async () => {
    await migrate(db);
    await db.exec(`
      INSERT INTO clinics (id, name, timezone, epoch) VALUES (gen_random_uuid(), 'North', 'Europe/Oslo', gen_random_uuid());
      ALTER TABLE clinics ADD COLUMN legacy_code text;
      UPDATE clinics SET legacy_code = 'N-1';
      CREATE INDEX clinics_legacy_code_idx ON clinics (legacy_code);
      CREATE TABLE legacy_notes (body text);
      INSERT INTO legacy_notes VALUES ('kept');`);

    const report = await migrate(db);

    expect(report.repaired).toEqual([]);
    expect(report.drift).toEqual([
      {
        kind: 'unexpected-column',
        table: 'clinics',
        column: 'legacy_code',
        actual: { type: 'text', nullable: true, default: null },
      },
      {
        kind: 'unexpected-index',
        table: 'clinics',
        index: 'clinics_legacy_code_idx',
        actual: 'CREATE INDEX clinics_legacy_code_idx ON clinics USING btree (legacy_code)',
      },
      { kind: 'unexpected-table', table: 'legacy_notes' },
    ]);
    expect(await db.many(sql`SELECT legacy_code FROM clinics`)).toEqual([{ legacy_code: 'N-1' }]);
    expect(await db.many(sql`SELECT body FROM legacy_notes`)).toEqual([{ body: 'kept' }]);
  });

  it('reports a recorded migration that has no file (the database is ahead of this code)', async () => {
    await migrate(db);
    await db.exec(`INSERT INTO schema_migrations (name, checksum) VALUES ('9999_future.sql', 'x')`);

    const report = await migrate(db);

    expect(report).toEqual({
      applied: [],
      repaired: [],
      drift: [{ kind: 'unknown-migration', migration: '9999_future.sql' }],
    });
  });

  it('refuses an applied file that was edited, naming it, and changes nothing', async () => {
    const dir = copyOfMigrations();
    await migrate(db, { migrationsDir: dir });
    await db.exec('DROP INDEX users_clinic_idx');
    const [edited] = fileNames;
    appendFileSync(
      path.join(dir, edited ?? ''),
      '\nCREATE TABLE IF NOT EXISTS edited_later (id int);\n',
    );
    writeFileSync(path.join(dir, '9999_later.sql'), 'CREATE TABLE IF NOT EXISTS later (id int);\n');
    const catalogBefore = await dumpCatalog(db);
    const ledgerBefore = await ledger();

    const run = migrate(db, { migrationsDir: dir });

    await expect(run).rejects.toThrow(MigrationError);
    await expect(run).rejects.toThrow(edited);
    expect(await dumpCatalog(db)).toEqual(catalogBefore);
    expect(await ledger()).toEqual(ledgerBefore);
  });

  it('refuses a file that fails on an empty schema before touching the database', async () => {
    const dir = copyOfMigrations();
    writeFileSync(
      path.join(dir, '9999_broken.sql'),
      'CREATE TABLE IF NOT EXISTS broken (id int REFERENCES nowhere (id));\n',
    );

    await expect(migrate(db, { migrationsDir: dir })).rejects.toThrow(/9999_broken\.sql/);

    expect(await dumpCatalog(db)).toEqual({ tables: {} });
    expect(
      await db.many(sql`SELECT to_regclass('public.schema_migrations')::text AS ledger`),
    ).toEqual([{ ledger: null }]);
  });

  it('in check mode reports an empty database as pending and creates nothing', async () => {
    const report = await migrate(db, { repair: false });

    expect(report.applied).toEqual([]);
    expect(report.drift).toEqual([
      ...fileNames.map((migration) => ({ kind: 'pending-migration', migration })),
      ...Object.entries(cleanCatalog.tables).map(([table, expected]) => ({
        kind: 'missing-table',
        table,
        expected,
      })),
    ]);
    expect(await dumpCatalog(db)).toEqual({ tables: {} });
    expect(
      await db.many(sql`SELECT to_regclass('public.schema_migrations')::text AS ledger`),
    ).toEqual([{ ledger: null }]);
    expect(await schemasNamed('bedside')).toEqual([]);
  });

  it('in check mode reports drift without repairing it', async () => {
    await migrate(db);
    await db.exec('DROP INDEX users_clinic_idx; ALTER TABLE clinics ADD COLUMN legacy_code text');
    const before = await dumpCatalog(db);

    const report = await migrate(db, { repair: false });

    expect(report).toEqual({
      applied: [],
      repaired: [],
      drift: [
        {
          kind: 'unexpected-column',
          table: 'clinics',
          column: 'legacy_code',
          actual: { type: 'text', nullable: true, default: null },
        },
        {
          kind: 'missing-index',
          table: 'users',
          index: 'users_clinic_idx',
          expected: 'CREATE INDEX users_clinic_idx ON users USING btree (clinic_id)',
        },
      ],
    });
    expect(await dumpCatalog(db)).toEqual(before);
    expect(before).not.toEqual(cleanCatalog);
  });
});
