/**
 * Preloaded into a bench's server process (`node --import ./bench/memory-report.ts …`): on
 * SIGUSR2 it collects garbage when it can and writes one line of `process.memoryUsage()` to
 * stderr, prefixed `memory-report `, so a bench in another process can read the server's own
 * figures. Never loaded outside benches.
 */
import { writeSync } from 'node:fs';

process.on('SIGUSR2', () => {
  const before = process.memoryUsage();
  (globalThis as { gc?: () => void }).gc?.();
  const after = process.memoryUsage();
  writeSync(2, `memory-report ${JSON.stringify({ before, after })}\n`);
});
