/** A copy of `items` with the one at `from` moved to `to` (both clamped to the list). */
export function moveItem<T>(items: readonly T[], from: number, to: number): T[] {
  const copy = [...items];
  if (from < 0 || from >= copy.length) return copy;
  const [moved] = copy.splice(from, 1) as [T];
  copy.splice(Math.max(0, Math.min(to, copy.length)), 0, moved);
  return copy;
}

/** "Pain score moved to position 2 of 5." for the live region after a move. */
export function movedMessage(name: string, index: number, count: number): string {
  return `${name} moved to position ${index + 1} of ${count}.`;
}
