import type { Observable } from 'dexie';
import { onDatabaseChange } from '$lib/db/database';

export type Live<T> = {
  /** The latest value; keeps the previous one while a new source loads, so lists do not flash. */
  readonly current: T;
  /** False until the first value arrives. */
  readonly ready: boolean;
  readonly error: unknown;
};

/**
 * Follows a Dexie `liveQuery` observable whose source may depend on reactive state (a search box, a route
 * param): when that state changes the old subscription ends and a new one starts. Call it while
 * a component initialises. It also starts over when another user's database takes over.
 * Values are kept raw (not deeply reactive): they are replaced whole
 * on every change, and proxying thousands of rows would cost more than it gives.
 */
export function live<T>(source: () => Observable<T>, initial: NoInfer<T>): Live<T> {
  let current = $state.raw(initial);
  let ready = $state(false);
  let error = $state.raw<unknown>(undefined);

  // Signing in as someone else swaps the database under every query; start over when it does.
  let databaseGeneration = $state(0);
  $effect(() => onDatabaseChange(() => databaseGeneration++));

  $effect(() => {
    void databaseGeneration;
    const subscription = source().subscribe({
      next: (value) => {
        current = value;
        ready = true;
        error = undefined;
      },
      error: (reason) => {
        error = reason;
      },
    });
    return () => subscription.unsubscribe();
  });

  return {
    get current() {
      return current;
    },
    get ready() {
      return ready;
    },
    get error() {
      return error;
    },
  };
}
