import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const script = path.join(path.dirname(fileURLToPath(import.meta.url)), 'check-bundle-budget.mjs');
const webDir = mkdtempSync(path.join(tmpdir(), 'bedside-budget-'));
afterAll(() => rmSync(webDir, { recursive: true, force: true }));

/** Random text barely shrinks under gzip: `kb` KiB of it weigh about 0.75 × kb KiB gzipped. */
function write(file, kb) {
  const target = path.join(webDir, file);
  mkdirSync(path.dirname(target), { recursive: true });
  writeFileSync(target, randomBytes(kb * 768).toString('base64'));
}

// A built app in miniature: the entry and the layout from index.html, the sign-in page's node
// importing a 40 KiB chunk, the list's node importing a 200 KiB chunk only through import().
const immutable = 'build/_app/immutable';
write(`${immutable}/entry/start.js`, 4);
write(`${immutable}/entry/app.js`, 4);
write(`${immutable}/nodes/0.js`, 4);
write(`${immutable}/assets/0.css`, 4);
write(`${immutable}/nodes/2.js`, 4);
write(`${immutable}/nodes/4.js`, 4);
write(`${immutable}/chunks/database.js`, 40);
write(`${immutable}/chunks/editor.js`, 200);
writeFileSync(
  path.join(webDir, 'build/index.html'),
  `<!doctype html><html><head>
  <link href="/_app/immutable/entry/start.js" rel="modulepreload">
  <link href="/_app/immutable/nodes/0.js" rel="modulepreload">
  <link href="/_app/immutable/assets/0.css" rel="stylesheet">
  </head><body><script>Promise.all([import("/_app/immutable/entry/start.js"),
  import("/_app/immutable/entry/app.js")]);</script></body></html>`,
);
const node = (n) => `.svelte-kit/generated/client-optimized/nodes/${n}.js`;
const manifest = {
  'entry.js': { file: '_app/immutable/entry/start.js', isEntry: true },
  'app.js': { file: '_app/immutable/entry/app.js', isEntry: true },
  [node(0)]: { file: '_app/immutable/nodes/0.js', css: ['_app/immutable/assets/0.css'] },
  [node(2)]: { file: '_app/immutable/nodes/2.js', dynamicImports: ['editor'] },
  [node(4)]: { file: '_app/immutable/nodes/4.js', imports: ['database'] },
  database: { file: '_app/immutable/chunks/database.js' },
  editor: { file: '_app/immutable/chunks/editor.js' },
};
mkdirSync(path.join(webDir, '.svelte-kit/output/client/.vite'), { recursive: true });
writeFileSync(
  path.join(webDir, '.svelte-kit/output/client/.vite/manifest.json'),
  JSON.stringify(manifest),
);
mkdirSync(path.join(webDir, '.svelte-kit/generated/client-optimized'), { recursive: true });
writeFileSync(
  path.join(webDir, '.svelte-kit/generated/client-optimized/app.js'),
  `export const dictionary = {\n\t\t"/": [2],\n\t\t"/login": [4],\n\t\t"/signup": [5]\n\t};`,
);

function check(budgetKb) {
  const run = spawnSync(
    process.execPath,
    [script, `--web-dir=${webDir}`, `--budget-kb=${budgetKb}`, '--routes=/login,/'],
    {
      encoding: 'utf8',
    },
  );
  return { status: run.status, output: run.stdout + run.stderr };
}

/** The KiB figure printed for a route. */
function figure(output, route) {
  const line = output.split('\n').find((text) => text.startsWith(`first load of ${route} `));
  return Number(/ ([\d.]+) KB gzip/.exec(line ?? '')?.[1]);
}

describe('check-bundle-budget', () => {
  it('counts what a route loads up front, static imports included, and passes within budget', () => {
    const { status, output } = check(100);
    expect(status).toBe(0);
    // Sign-in: 5 files of 4 KiB and the 40 KiB chunk its node imports, ~0.75 each gzipped.
    expect(figure(output, '/login')).toBeGreaterThan(40);
    expect(figure(output, '/login')).toBeLessThan(60);
    // The list: the 200 KiB editor comes through import() only, so it is not counted.
    expect(figure(output, '/')).toBeLessThan(20);
    expect(output).toContain('budget 100 KB');
  });

  it('fails naming the route when its first load is over budget', () => {
    const { status, output } = check(30);
    expect(status).toBe(1);
    expect(output).toMatch(/first load of \/login .*OVER BUDGET, budget 30 KB/);
    expect(output).toMatch(/first load of \/ .*within budget/);
  });
});
