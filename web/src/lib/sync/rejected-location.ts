import { tableOfMutation } from '@bedside/shared';
import type { BedsideDatabase, RejectedMutation } from '$lib/db/database';
import type { RejectedAction } from './table-hook';
import { tableHooks } from './table-hooks';

/** Where the user fixes a refused change: its table's hook says (the home page if none does). */
export async function rejectedChangePath(
  database: BedsideDatabase,
  item: RejectedMutation,
): Promise<string> {
  const path = tableHooks[tableOfMutation(item.name)].rejectedChangePath;
  return path ? path(database, item) : '/';
}

/** The actions the refused change's problem calls for instead of Fix and Retry (usually none). */
export function rejectedActions(item: RejectedMutation): RejectedAction[] {
  return tableHooks[tableOfMutation(item.name)].rejectedActions?.(item) ?? [];
}
