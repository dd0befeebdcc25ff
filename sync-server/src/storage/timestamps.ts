/** Times leave the server as ISO-8601 strings. */
export function isoOrNull(value: Date | null): string | null {
  return value ? value.toISOString() : null;
}

/** The timestamps every synced row carries, as the drivers return them. */
export type StampColumns = { createdAt: Date; updatedAt: Date; deletedAt: Date | null };

/** A synced row with its timestamps as ISO-8601 strings. */
export function withIsoStamps<T extends StampColumns>(
  row: T,
): Omit<T, keyof StampColumns> & {
  createdAt: string;
  updatedAt: string;
  deletedAt: string | null;
} {
  return {
    ...row,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    deletedAt: isoOrNull(row.deletedAt),
  };
}
