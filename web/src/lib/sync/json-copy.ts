/**
 * A plain copy of a JSON value. Form state can be a reactive proxy, which IndexedDB refuses to
 * store; the copy is what the server will receive anyway.
 */
export function jsonCopy<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
