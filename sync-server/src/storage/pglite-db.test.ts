import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openPglite } from './pglite-db.ts';
import { sql } from './sql.ts';

describe('openPglite', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'bedside-pglite-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('runs with small shared buffers and PGlite’s own settings kept, and keeps data across opens', async () => {
    const first = await openPglite(dir);
    const settings = await first.many<{ name: string; setting: string }>(sql`
      SELECT name, current_setting(name) AS setting FROM unnest(${['shared_buffers', 'search_path', 'max_parallel_workers']}::text[]) AS name
      ORDER BY name`);
    expect(settings).toEqual([
      { name: 'max_parallel_workers', setting: '0' },
      { name: 'search_path', setting: 'public' },
      { name: 'shared_buffers', setting: '32MB' },
    ]);
    await first.exec('CREATE TABLE kept (id int PRIMARY KEY); INSERT INTO kept VALUES (1);');
    await first.close();

    const again = await openPglite(dir);
    expect(await again.many(sql`SELECT id FROM kept`)).toEqual([{ id: 1 }]);
    expect(await again.many(sql`SELECT current_setting('shared_buffers') AS s`)).toEqual([
      { s: '32MB' },
    ]);
    await again.close();
  });
});
