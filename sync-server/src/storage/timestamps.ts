/** Times leave the server as ISO-8601 strings. */
export function isoOrNull(value: Date | null): string | null {
  return value ? value.toISOString() : null;
}
