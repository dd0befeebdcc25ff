import { tableOfMutation } from '@bedside/shared';
import type { BedsideDatabase, RejectedMutation } from '$lib/db/database';
import { tableHooks } from './table-hooks';

/** Where the user fixes a refused change: its table's hook says (the home page if none does). */
export async function rejectedChangePath(
  database: BedsideDatabase,
  item: RejectedMutation,
): Promise<string> {
  const path = tableHooks[tableOfMutation(item.name)].rejectedChangePath;
  return path ? path(database, item) : '/';
}
