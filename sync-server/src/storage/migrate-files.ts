import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Db } from './db.ts';
import { useSchema } from './schema-sql.ts';

/** A migration that cannot be applied safely; the message names the file. Nothing was changed. */
export class MigrationError extends Error {
  override name = 'MigrationError';
}

export type MigrationFile = {
  /** The file name, e.g. `0001_init.sql`; also its key in `schema_migrations`. */
  name: string;
  sql: string;
  /** SHA-256 of the text with line endings normalised, so a CRLF checkout is not an edit. */
  checksum: string;
};

const fileNamePattern = /^(\d{4})_[a-z0-9_]+\.sql$/;

/** The `NNNN_name.sql` files of `dir` in number order. Other `.sql` names and reused numbers are refused. */
export function readMigrationFiles(dir: string): MigrationFile[] {
  const names = readdirSync(dir)
    .filter((name) => name.endsWith('.sql'))
    .sort();
  const seenNumbers = new Map<string, string>();
  return names.map((name) => {
    const number = fileNamePattern.exec(name)?.[1];
    if (number === undefined) {
      throw new MigrationError(`${name}: migration files are named NNNN_name.sql (lower case)`);
    }
    const earlier = seenNumbers.get(number);
    if (earlier !== undefined)
      throw new MigrationError(`${name}: number ${number} is already used by ${earlier}`);
    seenNumbers.set(number, name);
    const sql = readFileSync(path.join(dir, name), 'utf8');
    return { name, sql, checksum: checksumOf(sql) };
  });
}

export function checksumOf(sql: string): string {
  return createHash('sha256').update(sql.replace(/\r\n/g, '\n')).digest('hex');
}

/** Runs one file's statements with `schema` as the target of its unqualified names. */
export async function runMigrationFile(tx: Db, file: MigrationFile, schema: string): Promise<void> {
  await useSchema(tx, schema);
  try {
    await tx.exec(file.sql);
  } catch (error) {
    throw new MigrationError(`${file.name} failed in schema ${schema}: ${reasonOf(error)}`, {
      cause: error,
    });
  }
}

/** The database's message for a failed statement (never its detail, which can quote row values). */
export function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
