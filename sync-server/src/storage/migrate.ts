import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Db } from './db.ts';

// PLACEHOLDER until the full runner lands: applies every file in order.
export const migrationsDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../migrations');

export async function migrate(db: Db): Promise<void> {
  const files = readdirSync(migrationsDir).filter((f) => f.endsWith('.sql')).sort();
  for (const file of files) await db.exec(readFileSync(path.join(migrationsDir, file), 'utf8'));
}
