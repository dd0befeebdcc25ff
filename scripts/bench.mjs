#!/usr/bin/env node
// `pnpm bench`: every benchmark in turn. Each prints its own figures; none asserts anything.
// `pnpm bench sync icd10` runs only those.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const tsx = path.join(root, 'node_modules', '.bin', 'tsx');

const benches = {
  sync: { cwd: 'sync-server', args: [tsx, 'bench/sync-bench.ts'] },
  'pull-load': { cwd: 'sync-server', args: [tsx, 'bench/pull-load-bench.ts'] },
  presign: { cwd: 'sync-server', args: [tsx, 'bench/presign-bench.ts'] },
  upload: { cwd: 'sync-server', args: [tsx, 'bench/upload-bench.ts'] },
  cleanup: { cwd: 'sync-server', args: [tsx, 'bench/cleanup-bench.ts'] },
  reminders: { cwd: 'sync-server', args: [tsx, 'bench/reminders-bench.ts'] },
  phi: { cwd: 'sync-server', args: [tsx, 'bench/phi-bench.ts'] },
  validation: { cwd: 'shared', args: [tsx, 'bench/record-validation-bench.ts'] },
  icd10: { cwd: 'web', args: [tsx, 'bench/icd10-bench.ts'] },
  'open-patient': { cwd: '.', args: [process.execPath, 'scripts/bench-open-patient.mjs'] },
  compress: { cwd: 'web', args: [process.execPath, 'bench/compress-bench.mjs'] },
  capture: { cwd: '.', args: [process.execPath, 'scripts/bench-capture.mjs'] },
  lighthouse: { cwd: '.', args: [process.execPath, 'scripts/bench-lighthouse.mjs'] },
  'patient-list': { cwd: '.', args: [process.execPath, 'scripts/bench-patient-list.mjs'] },
  'initial-sync': { cwd: '.', args: [process.execPath, 'scripts/bench-initial-sync.mjs'] },
  poke: { cwd: '.', args: [process.execPath, 'scripts/bench-poke.mjs'] },
  calendar: { cwd: '.', args: [process.execPath, 'scripts/bench-calendar.mjs'] },
  today: { cwd: '.', args: [process.execPath, 'scripts/bench-today.mjs'] },
};

const only = process.argv.slice(2);
const unknown = only.filter((name) => !(name in benches));
if (unknown.length > 0) {
  console.error(`unknown bench: ${unknown.join(', ')}; known: ${Object.keys(benches).join(', ')}`);
  process.exit(2);
}

let failed = 0;
for (const [name, { cwd, args }] of Object.entries(benches)) {
  if (only.length > 0 && !only.includes(name)) continue;
  console.log(`\n=== bench: ${name} ===`);
  const [cmd, ...rest] = args;
  const result = spawnSync(cmd, rest, { cwd: path.join(root, cwd), stdio: 'inherit' });
  if (result.status !== 0) {
    failed++;
    console.log(`bench ${name} did not finish (exit ${result.status ?? result.signal})`);
  }
}
process.exit(failed > 0 ? 1 : 0);
