#!/usr/bin/env node
// The whole test suite: lint, type checks, unit and integration tests (vitest) for each package,
// and the browser tests (Playwright + Chromium). Each suite reports JSON; this script adds them
// up and ends with one line `N passed, N failed` (what CI reads), exiting non-zero on any failure.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) => path.join(root, 'node_modules', '.bin', name);
const reports = mkdtempSync(path.join(tmpdir(), 'bedside-test-'));
const only = process.argv.slice(2);

function exec(cmd, args, options = {}) {
  const result = spawnSync(cmd, args, { stdio: 'inherit', ...options });
  return result.status ?? 1;
}

/** A check with no test count of its own counts as one test. */
function check(name, cmd, args, cwd = root) {
  const status = exec(cmd, args, { cwd });
  return { name, passed: status === 0 ? 1 : 0, failed: status === 0 ? 0 : 1 };
}

/**
 * `check`, run in the background with its output held back: the static checks are one process
 * each, single-threaded, so two at a time use both cores of a CI machine.
 */
function checkInBackground(name, cmd, args) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    const output = [];
    child.stdout.on('data', (chunk) => output.push(chunk));
    child.stderr.on('data', (chunk) => output.push(chunk));
    child.on('error', (error) => output.push(Buffer.from(String(error))));
    child.on('close', (status) => {
      console.log(`\n=== ${name} ===`);
      process.stdout.write(Buffer.concat(output));
      resolve({ name, passed: status === 0 ? 1 : 0, failed: status === 0 ? 0 : 1 });
    });
  });
}

/** Runs `checks` two at a time; results in the order given. */
async function inPairs(checks) {
  const results = new Array(checks.length);
  let next = 0;
  async function lane() {
    while (next < checks.length) {
      const index = next++;
      results[index] = await checks[index]();
    }
  }
  await Promise.all([lane(), lane()]);
  return results;
}

function vitest(name, cwd, extraArgs = []) {
  const out = path.join(reports, `${name}.json`);
  const status = exec(
    bin('vitest'),
    ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${out}`, ...extraArgs],
    { cwd },
  );
  if (!existsSync(out)) return { name, passed: 0, failed: 1 };
  const report = JSON.parse(readFileSync(out, 'utf8'));
  const failed = report.numFailedTests + (status !== 0 && report.numFailedTests === 0 ? 1 : 0);
  return { name, passed: report.numPassedTests, failed };
}

/** Debian's Chromium when there is one (CI), else Playwright's own, fetched once. */
function ensureBrowser() {
  if (process.env.CHROMIUM_PATH || existsSync('/usr/bin/chromium')) return 0;
  return exec(bin('playwright'), ['install', 'chromium'], { cwd: root });
}

function playwright() {
  if (ensureBrowser() !== 0) return { name: 'e2e', passed: 0, failed: 1 };
  const out = path.join(reports, 'e2e.json');
  const status = exec(bin('playwright'), ['test'], {
    cwd: root,
    env: { ...process.env, PLAYWRIGHT_JSON_OUTPUT_NAME: out },
  });
  if (!existsSync(out)) return { name: 'e2e', passed: 0, failed: 1 };
  const { stats } = JSON.parse(readFileSync(out, 'utf8'));
  const failed = stats.unexpected + stats.flaky + (status !== 0 && stats.unexpected === 0 ? 1 : 0);
  return { name: 'e2e', passed: stats.expected, failed };
}

/** Lint and type checks, run two at a time before the test suites. */
const staticChecks = {
  lint: () => checkInBackground('lint', bin('prettier'), ['--check', '--log-level=warn', '.']),
  eslint: () => checkInBackground('eslint', bin('eslint'), ['.']),
  'check-shared': () => checkInBackground('check-shared', bin('tsc'), ['--noEmit', '-p', 'shared']),
  'check-server': () =>
    checkInBackground('check-server', bin('tsc'), ['--noEmit', '-p', 'sync-server']),
  'check-web': () =>
    checkInBackground('check-web', process.execPath, [
      path.join(root, 'scripts', 'svelte-check.mjs'),
    ]),
};

const suites = {
  shared: () => vitest('shared', path.join(root, 'shared')),
  web: () => vitest('web', path.join(root, 'web')),
  server: () => vitest('server', path.join(root, 'sync-server')),
  // The repository's own scripts (the bundle budget's check among them).
  scripts: () => vitest('scripts', root, ['--dir', 'scripts']),
  // The built app (`npm test` builds it first): the first load stays under its budget.
  'bundle-budget': () =>
    check('bundle-budget', process.execPath, [
      path.join(root, 'scripts', 'check-bundle-budget.mjs'),
    ]),
  e2e: playwright,
};

const chosen = (name) => only.length === 0 || only.includes(name);
const results = await inPairs(
  Object.entries(staticChecks)
    .filter(([name]) => chosen(name))
    .map(([, runCheck]) => runCheck),
);
for (const [name, runSuite] of Object.entries(suites)) {
  if (!chosen(name)) continue;
  console.log(`\n=== ${name} ===`);
  results.push(runSuite());
}

console.log('\nSummary');
for (const r of results)
  console.log(`  ${r.name.padEnd(14)} ${r.passed} passed, ${r.failed} failed`);
const passed = results.reduce((sum, r) => sum + r.passed, 0);
const failed = results.reduce((sum, r) => sum + r.failed, 0);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
