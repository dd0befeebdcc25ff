import { isDeepStrictEqual } from 'node:util';
import type { Catalog, ColumnShape, TableShape } from './schema-catalog.ts';

/** One way the live schema differs from what the migration files define. */
export type DriftItem =
  | { kind: 'missing-table'; table: string; expected: TableShape }
  | { kind: 'unexpected-table'; table: string }
  | { kind: 'missing-column'; table: string; column: string; expected: ColumnShape }
  | {
      kind: 'column-differs';
      table: string;
      column: string;
      expected: ColumnShape;
      actual: ColumnShape;
    }
  | { kind: 'unexpected-column'; table: string; column: string; actual: ColumnShape }
  | { kind: 'missing-index'; table: string; index: string; expected: string }
  | { kind: 'index-differs'; table: string; index: string; expected: string; actual: string }
  | { kind: 'unexpected-index'; table: string; index: string; actual: string }
  | { kind: 'missing-constraint'; table: string; constraint: string; expected: string }
  | {
      kind: 'constraint-differs';
      table: string;
      constraint: string;
      expected: string;
      actual: string;
    }
  | { kind: 'unexpected-constraint'; table: string; constraint: string; actual: string }
  /** A file not recorded in `schema_migrations` (only seen when nothing is applied: check mode). */
  | { kind: 'pending-migration'; migration: string }
  /** Recorded as applied, but no such file: the database is ahead of this code. */
  | { kind: 'unknown-migration'; migration: string };

/**
 * Everything that differs between `expected` and `actual`, table by table in name order. A
 * missing table is one item carrying its expected shape; `diffTable` against an empty table
 * lists its pieces when they are needed (repair).
 */
export function diffCatalogs(expected: Catalog, actual: Catalog): DriftItem[] {
  const drift: DriftItem[] = [];
  for (const [table, want] of Object.entries(expected.tables)) {
    const have = actual.tables[table];
    if (have) drift.push(...diffTable(table, want, have));
    else drift.push({ kind: 'missing-table', table, expected: want });
  }
  for (const table of Object.keys(actual.tables)) {
    if (!(table in expected.tables)) drift.push({ kind: 'unexpected-table', table });
  }
  return drift;
}

export const emptyTable: TableShape = { columns: {}, indexes: {}, constraints: {} };

export function diffTable(table: string, want: TableShape, have: TableShape): DriftItem[] {
  const drift: DriftItem[] = [];
  const columns = compare(want.columns, have.columns, isDeepStrictEqual);
  for (const [column, expected] of columns.missing)
    drift.push({ kind: 'missing-column', table, column, expected });
  for (const [column, expected, actual] of columns.differ) {
    drift.push({ kind: 'column-differs', table, column, expected, actual });
  }
  for (const [column, actual] of columns.unexpected)
    drift.push({ kind: 'unexpected-column', table, column, actual });

  const indexes = compare(want.indexes, have.indexes, (a, b) => a === b);
  for (const [index, expected] of indexes.missing)
    drift.push({ kind: 'missing-index', table, index, expected });
  for (const [index, expected, actual] of indexes.differ) {
    drift.push({ kind: 'index-differs', table, index, expected, actual });
  }
  for (const [index, actual] of indexes.unexpected)
    drift.push({ kind: 'unexpected-index', table, index, actual });

  const constraints = compare(want.constraints, have.constraints, (a, b) => a === b);
  for (const [constraint, expected] of constraints.missing) {
    drift.push({ kind: 'missing-constraint', table, constraint, expected });
  }
  for (const [constraint, expected, actual] of constraints.differ) {
    drift.push({ kind: 'constraint-differs', table, constraint, expected, actual });
  }
  for (const [constraint, actual] of constraints.unexpected) {
    drift.push({ kind: 'unexpected-constraint', table, constraint, actual });
  }
  return drift;
}

function compare<T>(
  expected: Record<string, T>,
  actual: Record<string, T>,
  same: (a: T, b: T) => boolean,
) {
  const missing: [string, T][] = [];
  const differ: [string, T, T][] = [];
  const unexpected: [string, T][] = [];
  for (const [name, want] of Object.entries(expected)) {
    const have = actual[name];
    if (have === undefined) missing.push([name, want]);
    else if (!same(want, have)) differ.push([name, want, have]);
  }
  for (const [name, have] of Object.entries(actual)) {
    if (!(name in expected)) unexpected.push([name, have]);
  }
  return { missing, differ, unexpected };
}

/** One line for logs and the CLI. Names and definitions only: a catalog holds no patient data. */
export function describeDrift(item: DriftItem): string {
  switch (item.kind) {
    case 'missing-table':
      return `missing table ${item.table}`;
    case 'unexpected-table':
      return `unexpected table ${item.table}`;
    case 'missing-column':
      return `missing column ${item.table}.${item.column} ${describeColumn(item.expected)}`;
    case 'column-differs':
      return `column ${item.table}.${item.column} is ${describeColumn(item.actual)}, expected ${describeColumn(item.expected)}`;
    case 'unexpected-column':
      return `unexpected column ${item.table}.${item.column} ${describeColumn(item.actual)}`;
    case 'missing-index':
      return `missing index ${item.index} on ${item.table}: ${item.expected}`;
    case 'index-differs':
      return `index ${item.index} on ${item.table} is ${item.actual}, expected ${item.expected}`;
    case 'unexpected-index':
      return `unexpected index ${item.index} on ${item.table}: ${item.actual}`;
    case 'missing-constraint':
      return `missing constraint ${item.constraint} on ${item.table}: ${item.expected}`;
    case 'constraint-differs':
      return `constraint ${item.constraint} on ${item.table} is ${item.actual}, expected ${item.expected}`;
    case 'unexpected-constraint':
      return `unexpected constraint ${item.constraint} on ${item.table}: ${item.actual}`;
    case 'pending-migration':
      return `migration ${item.migration} not applied`;
    case 'unknown-migration':
      return `migration ${item.migration} applied but not among the migration files`;
  }
}

function describeColumn(column: ColumnShape): string {
  return [column.type, column.nullable ? 'NULL' : 'NOT NULL', column.default]
    .filter(Boolean)
    .join(' ');
}
