// svelte-check needs the generated .svelte-kit types first; it skips the service worker, which
// tsc checks on its own against the webworker library.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const web = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'web');
const run = (args) => spawnSync('node', args, { cwd: web, stdio: 'inherit' }).status ?? 1;
const bin = (pkg, file) => path.join(web, 'node_modules', pkg, file);
const synced = run([bin('@sveltejs/kit', 'svelte-kit.js'), 'sync']);
const tsc = path.join(web, '..', 'node_modules', 'typescript', 'bin', 'tsc');
process.exit(
  synced ||
    run([
      bin('svelte-check', 'bin/svelte-check'),
      '--tsconfig',
      './tsconfig.json',
      '--fail-on-warnings',
    ]) ||
    run([tsc, '-p', 'tsconfig.worker.json']),
);
