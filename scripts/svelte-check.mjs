// svelte-check needs the generated .svelte-kit types first.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const web = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'web');
const run = (args) => spawnSync('node', args, { cwd: web, stdio: 'inherit' }).status ?? 1;
const bin = (pkg, file) => path.join(web, 'node_modules', pkg, file);
const synced = run([bin('@sveltejs/kit', 'svelte-kit.js'), 'sync']);
process.exit(
  synced ||
    run([
      bin('svelte-check', 'bin/svelte-check'),
      '--tsconfig',
      './tsconfig.json',
      '--fail-on-warnings',
    ]),
);
