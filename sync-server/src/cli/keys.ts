// `pnpm keys new|status|rotate|encrypt-existing`: the master key of PHI at rest.
//   new               prints a fresh master key (base64, 32 bytes) for MASTER_KEY.
//   status            how many clinics' data keys each master key wraps, and which is current.
//   rotate            re-wraps every data key under the current master key (MASTER_KEY), opening
//                     each with MASTER_KEYS_PREVIOUS; no data is re-encrypted, servers keep
//                     running. On the embedded default (no MASTER_KEY) it makes a new key in
//                     $DATA_DIR/master.key.next, re-wraps, then moves it to master.key (stop the
//                     server first: the embedded database takes one process).
//   encrypt-existing  seals the values an upgraded server wrote before encryption, online.
// Uses the server's settings (DATABASE_URL or the embedded database, MASTER_KEY…).
import { mkdirSync } from 'node:fs';
import { rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pino } from 'pino';
import { loadConfig, type Config } from '../config.ts';
import { createLogger } from '../log.ts';
import { masterKeyId, newKey } from '../phi/envelope.ts';
import {
  masterKeyFile,
  nextMasterKeyFile,
  openMasterKeys,
  readKeyFile,
} from '../phi/open-phi-keys.ts';
import { createPhiKeys, masterKeys, type MasterKeys } from '../phi/phi-keys.ts';
import { rewrapDataKeys } from '../phi/rewrap-data-keys.ts';
import { sealExistingValues } from '../phi/seal-existing.ts';
import { countKeysByMaster } from '../storage/data-key-queries.ts';
import type { Db } from '../storage/db.ts';
import { migrate } from '../storage/migrate.ts';
import { openPglite } from '../storage/pglite-db.ts';
import { openPostgres } from '../storage/postgres-db.ts';

const usage = 'usage: pnpm keys new|status|rotate|encrypt-existing\n';
const [command, ...extra] = process.argv.slice(2);
if (extra.length > 0 || !['new', 'status', 'rotate', 'encrypt-existing'].includes(command ?? '')) {
  process.stderr.write(usage);
  process.exit(2);
}
if (command === 'new') {
  process.stdout.write(newKey().toString('base64') + '\n');
  process.exit(0);
}

const loaded = loadConfig(process.env);
if (!loaded.ok) {
  for (const error of loaded.errors) process.stderr.write(`keys: ${error.message}\n`);
  process.exit(1);
}
const { config } = loaded;
const log = createLogger('warn', pino.destination(2));
const clock = () => new Date();

const db = await openDatabase(config);
try {
  await migrate(db, { log });
  const master = await openMasterKeys(config, log);
  if (command === 'status') await status(db, master);
  else if (command === 'rotate') await rotate(db, config, master);
  else {
    const counts = await sealExistingValues(db, createPhiKeys(master, clock));
    for (const [column, count] of Object.entries(counts))
      process.stdout.write(`${column}: ${count} sealed\n`);
  }
} catch (error) {
  process.stderr.write(`keys: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
} finally {
  await db.close();
}

async function status(db: Db, master: MasterKeys): Promise<void> {
  const counts = await countKeysByMaster(db);
  if (counts.length === 0) process.stdout.write('no data keys yet: no clinic has written PHI\n');
  for (const { masterKeyId: id, keys } of counts) {
    const known =
      id === master.currentId ? 'current' : master.byId.has(id) ? 'previous' : 'unknown';
    process.stdout.write(`master key ${id} (${known}): ${keys} data key(s)\n`);
  }
}

async function rotate(db: Db, config: Config, master: MasterKeys): Promise<void> {
  if (config.phi.masterKey) {
    const count = await rewrapDataKeys(db, master, clock);
    process.stdout.write(`re-wrapped ${count} data key(s) under master key ${master.currentId}\n`);
    return;
  }
  // Embedded: the new key is written (0600) before any data key is wrapped with it, and a
  // rotation cut short finds it again; servers read master.key.next too until it is moved.
  const nextFile = nextMasterKeyFile(config.dataDir);
  let next = await readKeyFile(nextFile);
  if (!next) {
    next = newKey();
    await writeFile(nextFile, next.toString('base64url'), { mode: 0o600, flag: 'wx' });
  }
  const current = master.byId.get(master.currentId);
  if (!current) throw new Error('the current master key is missing');
  const rotated = masterKeys(next, [current, ...master.byId.values()]);
  const count = await rewrapDataKeys(db, rotated, clock);
  await rename(nextFile, masterKeyFile(config.dataDir));
  process.stdout.write(
    `re-wrapped ${count} data key(s) under master key ${masterKeyId(next)}, now in ${masterKeyFile(config.dataDir)}: back it up, the old key no longer opens anything\n`,
  );
}

async function openDatabase(config: Config): Promise<Db> {
  if (config.databaseUrl) return openPostgres(config.databaseUrl, { max: 2 });
  const pgDir = path.join(config.dataDir, 'pg');
  mkdirSync(pgDir, { recursive: true });
  return openPglite(pgDir);
}
