/**
 * Whether the last request reached the Bedside server. `navigator.onLine` only knows about the
 * network adapter; a captive portal or a stopped server still reads "online" there.
 */
let reached = true;
const listeners = new Set<(reached: boolean) => void>();

export function serverReachable(): boolean {
  return reached;
}

export function noteServerReached(): void {
  setReached(true);
}

export function noteServerUnreachable(): void {
  setReached(false);
}

function setReached(value: boolean): void {
  if (value === reached) return;
  reached = value;
  for (const listener of listeners) listener(value);
}

export function onReachabilityChange(listener: (reached: boolean) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
