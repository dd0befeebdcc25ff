import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const mainFile = path.join(import.meta.dirname, 'main.ts');
const tsxCli = createRequire(import.meta.url).resolve('tsx/cli');

/** `pnpm start` as an operator runs it: a child process, JSON log lines on stdout. */
function startMain(env: Record<string, string>) {
  const child = spawn(process.execPath, [tsxCli, mainFile], {
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: Record<string, unknown>[] = [];
  let buffered = '';
  child.stdout.on('data', (chunk: Buffer) => {
    buffered += chunk.toString();
    const complete = buffered.split('\n');
    buffered = complete.pop() ?? '';
    for (const line of complete) if (line.startsWith('{')) lines.push(JSON.parse(line));
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  return { child, lines, exited };
}

describe('main', () => {
  it('lists every bad setting and exits 1', async () => {
    const { lines, exited } = startMain({ PORT: 'abc', SIGNUP: 'sometimes' });
    expect(await exited).toBe(1);
    expect(lines.map((l) => l.key).sort()).toEqual(['PORT', 'SIGNUP']);
  });

  it('creates DATA_DIR, serves the API and stops cleanly on SIGTERM', async () => {
    const dataDir = path.join(mkdtempSync(path.join(tmpdir(), 'bedside-main-')), 'data');
    const { child, lines, exited } = startMain({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir });
    try {
      await expect
        .poll(() => lines.find((l) => typeof l.url === 'string'), { timeout: 60_000 })
        .toBeDefined();
      const url = String(lines.find((l) => typeof l.url === 'string')?.url);
      const health = await fetch(`${url}/api/health`);
      expect(await health.json()).toEqual({ ok: true });

      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(lines.at(-1)?.msg).toBe('stopped');
    } finally {
      child.kill('SIGKILL');
      rmSync(path.dirname(dataDir), { recursive: true, force: true });
    }
  }, 90_000);
});
