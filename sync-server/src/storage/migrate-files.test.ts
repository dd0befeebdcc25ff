import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { checksumOf, MigrationError, readMigrationFiles } from './migrate-files.ts';

describe('readMigrationFiles', () => {
  let dir: string;
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  function folder(files: Record<string, string>): string {
    dir = mkdtempSync(path.join(tmpdir(), 'bedside-migration-files-'));
    for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
    return dir;
  }

  it('reads NNNN_name.sql files in number order and ignores other files', () => {
    const files = readMigrationFiles(
      folder({
        '0002_photos.sql': 'SELECT 2;',
        '0001_init.sql': 'SELECT 1;',
        'README.md': '# notes',
      }),
    );

    expect(files.map((file) => [file.name, file.sql])).toEqual([
      ['0001_init.sql', 'SELECT 1;'],
      ['0002_photos.sql', 'SELECT 2;'],
    ]);
  });

  it('gives the same checksum to a file checked out with CRLF line endings, and another to an edit', () => {
    const unix = checksumOf('SELECT 1;\nSELECT 2;\n');

    expect(checksumOf('SELECT 1;\r\nSELECT 2;\r\n')).toBe(unix);
    expect(checksumOf('SELECT 1;\nSELECT 3;\n')).not.toBe(unix);
  });

  it('refuses a .sql file named otherwise, naming it', () => {
    expect(() => readMigrationFiles(folder({ '0001_init.sql': '', 'add-photos.sql': '' }))).toThrow(
      new MigrationError('add-photos.sql: migration files are named NNNN_name.sql (lower case)'),
    );
  });

  it('refuses two files with the same number', () => {
    expect(() => readMigrationFiles(folder({ '0002_a.sql': '', '0002_b.sql': '' }))).toThrow(
      new MigrationError('0002_b.sql: number 0002 is already used by 0002_a.sql'),
    );
  });
});
