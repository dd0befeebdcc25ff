import { tableOfMutation } from '@bedside/shared';
import type { RejectedMutation, SyncedTableName } from '$lib/db/database';
import { appointmentNoteActions } from '$lib/records/appointment-note-actions';

/** A button "needs attention" offers for a refused change: where to go next, or why not. */
export type RejectedAction = {
  label: string;
  run: () => Promise<{ path: string } | { message: string }>;
};

/**
 * Per table, the ways out of a refused change that its problem calls for, offered in place of
 * Fix and Retry (Discard stays). Kept apart from `tableHooks`: only the screens need them, and
 * the service worker's bundle, which takes the table hooks in, stays without them. Besides
 * `table-hooks.ts`, the only file in sync/ that names an entity.
 */
const actionsByTable: Partial<
  Record<SyncedTableName, (rejected: RejectedMutation) => RejectedAction[]>
> = {
  records: appointmentNoteActions,
};

/** The actions the refused change's problem calls for instead of Fix and Retry (usually none). */
export function rejectedActions(item: RejectedMutation): RejectedAction[] {
  return actionsByTable[tableOfMutation(item.name)]?.(item) ?? [];
}
