import { sql } from './sql.ts';

/**
 * A value sent as jsonb. The `::text` step matters: postgres.js JSON-encodes parameters it
 * knows to be jsonb, so a bare `::jsonb` cast would store a string holding the JSON.
 */
export function jsonb(value: unknown) {
  return sql`${JSON.stringify(value)}::text::jsonb`;
}
