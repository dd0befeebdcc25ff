#!/usr/bin/env node
// Entry point behind `npm start`, `npm test` and `npm run bench`: works on a fresh machine with
// only Node and npm. It installs the workspace with the pinned pnpm, builds the web app when
// needed, then hands over to the real command.
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const PNPM_VERSION = '10.34.9';

function run(cmd, args, options = {}) {
  const result = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', ...options });
  if (result.error) throw result.error;
  return result.status ?? 1;
}

function pnpmCommand() {
  const probe = spawnSync('pnpm', ['--version'], { encoding: 'utf8' });
  if (probe.status === 0 && probe.stdout.trim() === PNPM_VERSION) return ['pnpm', []];
  return ['npx', ['--yes', `pnpm@${PNPM_VERSION}`]];
}

export function pnpm(args, options) {
  const [cmd, prefix] = pnpmCommand();
  return run(cmd, [...prefix, ...args], options);
}

function ensureInstalled() {
  const marker = path.join(root, 'node_modules', '.modules.yaml');
  const lock = path.join(root, 'pnpm-lock.yaml');
  if (existsSync(marker) && statSync(marker).mtimeMs >= statSync(lock).mtimeMs) return;
  const status = pnpm(['install', '--frozen-lockfile']);
  if (status !== 0) process.exit(status);
}

function ensureWebBuilt({ force }) {
  if (!force && existsSync(path.join(root, 'web', 'build', 'index.html'))) return;
  const status = pnpm(['--filter', '@bedside/web', 'build']);
  if (status !== 0) process.exit(status);
}

const [command, ...rest] = process.argv.slice(2);
ensureInstalled();
switch (command) {
  case 'start':
    ensureWebBuilt({ force: false });
    process.exit(pnpm(['--filter', '@bedside/sync-server', 'start', ...rest]));
    break;
  case 'test':
    ensureWebBuilt({ force: true });
    process.exit(run(process.execPath, [path.join(root, 'scripts', 'run-tests.mjs'), ...rest]));
    break;
  case 'bench':
    // The browser benches measure the built app: never an older build of other code.
    ensureWebBuilt({ force: true });
    process.exit(run(process.execPath, [path.join(root, 'scripts', 'bench.mjs'), ...rest]));
    break;
  default:
    console.error('usage: node scripts/bedside.mjs start|test|bench');
    process.exit(2);
}
