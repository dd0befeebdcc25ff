// What the browser benchmarks share: the built app served by a real Bedside on the embedded
// database in a temporary folder, and Debian's Chromium with the flags the tests use.
import { randomBytes } from 'node:crypto';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from '@playwright/test';
import { tsImport } from 'tsx/esm/api';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The flags the benches and Lighthouse give Debian's Chromium (playwright.config.ts gives the tests the same). */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
];

/**
 * Starts Bedside and Chromium, runs `bench({ baseUrl, browser })`, and stops both whatever
 * happens. Exits with a sentence when the web app has not been built. With `{ postgres: true }`
 * the server runs on PostgreSQL (TEST_DATABASE_URL, or a throw-away local server) instead of
 * the embedded database.
 */
export async function withBedsideAndChromium(bench, options = {}) {
  if (!existsSync(path.join(root, 'web', 'build', 'index.html'))) {
    console.error('The web app is not built: run `pnpm build` first (`pnpm bench` does).');
    process.exit(1);
  }
  const dataDir = mkdtempSync(path.join(tmpdir(), 'bedside-bench-'));
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const postgres = options.postgres ? await startPostgres() : undefined;
  const server = startServer(port, dataDir, postgres?.url);
  let browser;
  try {
    await waitForHealth(server, baseUrl);
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? chromiumOnThisMachine(),
      args: CHROMIUM_ARGS,
    });
    return await bench({ baseUrl, browser, serverPid: server.pid });
  } finally {
    await browser?.close();
    await stop(server);
    await postgres?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function startPostgres() {
  const { startTestPostgres } = await tsImport(
    '../sync-server/test/postgres-server.ts',
    import.meta.url,
  );
  return startTestPostgres();
}

/** Signs in through the login page and waits for the first sync to finish. */
export async function signInAndSync(page, account) {
  await page.goto('/login');
  await page.getByLabel('Email').fill(account.email);
  await page.getByLabel('Password', { exact: true }).fill(account.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  const status = page.getByRole('status', { name: 'Sync status' });
  await status.getByText('All changes synced').waitFor({ timeout: 60_000 });
}

/**
 * In the page (`page.evaluate(storedOnDevice)`): how many rows the clinic database's `patients`
 * store holds, and its pull cursor, read straight from IndexedDB.
 */
export async function storedOnDevice() {
  const names = (await indexedDB.databases()).map((info) => info.name ?? '');
  // The clinic's database, not the device's own ('bedside-device') nor the signed-out stand-in.
  const name = names.find(
    (each) =>
      each.startsWith('bedside-') && each !== 'bedside-device' && !each.endsWith('-none-none'),
  );
  if (!name) return { patients: 0, cursor: null };
  const database = await new Promise((resolve, reject) => {
    const open = indexedDB.open(name);
    open.onsuccess = () => resolve(open.result);
    open.onerror = () => reject(open.error);
  });
  try {
    if (!database.objectStoreNames.contains('patients')) return { patients: 0, cursor: null };
    const transaction = database.transaction(['patients', 'meta'], 'readonly');
    const request = (made) =>
      new Promise((resolve, reject) => {
        made.onsuccess = () => resolve(made.result);
        made.onerror = () => reject(made.error);
      });
    const [patients, cursor] = await Promise.all([
      request(transaction.objectStore('patients').count()),
      request(transaction.objectStore('meta').get('cursor')),
    ]);
    return { patients, cursor: cursor?.value ?? null };
  } finally {
    database.close();
  }
}

/** "p50 …, p95 … (min …, max …)" in whole milliseconds. */
export function summary(values) {
  const ms = (p) => `${percentile(values, p).toFixed(0)} ms`;
  return `p50 ${ms(50)}, p95 ${ms(95)} (min ${ms(0)}, max ${ms(100)})`;
}

export function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? sorted[0];
}

function startServer(listenPort, directory, databaseUrl) {
  const { DATABASE_URL: _embeddedInstead, ...env } = process.env;
  return spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: path.join(root, 'sync-server'),
    env: {
      ...env,
      // PHI at rest needs a master key on PostgreSQL; a fresh one per run.
      ...(databaseUrl
        ? { DATABASE_URL: databaseUrl, MASTER_KEY: randomBytes(32).toString('base64') }
        : {}),
      PORT: String(listenPort),
      HOST: '127.0.0.1',
      DATA_DIR: directory,
      LOG_LEVEL: 'warn',
      // A bench pushes and pulls far faster than any clinic: the limits would only slow it.
      RATE_LIMIT_WRITES: '1000000',
      RATE_LIMIT_READS: '1000000',
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
}

async function waitForHealth(child, baseUrl) {
  for (let attempt = 0; attempt < 600; attempt++) {
    if (child.exitCode !== null) throw new Error(`sync server exited with ${child.exitCode}`);
    try {
      if ((await fetch(`${baseUrl}/api/health`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('sync server did not become healthy');
}

function stop(child) {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port: free } = probe.address();
      probe.close(() => resolve(free));
    });
  });
}

function chromiumOnThisMachine() {
  return existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined;
}
