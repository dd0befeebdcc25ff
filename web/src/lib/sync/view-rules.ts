import { mutationArgs, validate, type MutationName, type SyncTables } from '@bedside/shared';
import type { DatabaseOwner, SyncedTableName } from '$lib/db/database';
import { patientViewRules } from '$lib/patients/patient-view';
import { photoViewRules } from '$lib/photos/photo-view';
import { addendumViewRules, recordViewRules } from '$lib/records/record-view';
import { templateViewRules } from '$lib/templates/template-view';
import {
  tableOfMutation,
  type LocalChange,
  type LocalMutation,
  type ViewRules,
} from './local-change';

/** Every mutation's view rule; TypeScript checks that no mutation name is missing. */
const viewRules: ViewRules = {
  ...patientViewRules,
  ...templateViewRules,
  ...recordViewRules,
  ...addendumViewRules,
  ...photoViewRules,
};

/**
 * The row as this device shows it after one of its own mutations. Args are re-read with the
 * shared schemas (they were checked when queued), so nothing malformed reaches the view; a
 * mutation of another table leaves the row alone.
 */
export function applyLocalMutation<T extends SyncedTableName>(
  table: T,
  row: SyncTables[T] | undefined,
  mutation: LocalMutation,
  owner: DatabaseOwner,
): SyncTables[T] | undefined {
  if (tableOfMutation(mutation.name) !== table) return row;
  const name: MutationName = mutation.name;
  const parsed = validate(mutationArgs[name], mutation.args);
  if (!parsed.ok) return row;
  const change: LocalChange = {
    at: mutation.createdAt,
    by: owner.userId,
    clinicId: owner.clinicId,
    parents: mutation.parents ?? {},
  };
  // The rule under `name` takes that mutation's args and the rows of its table, which is
  // `table` (checked above); TypeScript cannot follow that link through a union of names.
  const rule = viewRules[name] as (
    row: SyncTables[T] | undefined,
    args: unknown,
    change: LocalChange,
  ) => SyncTables[T] | undefined;
  return rule(row, parsed.value, change);
}

/** The server copy with every local change on top, in the order they were made. */
export function replay<T extends SyncedTableName>(
  table: T,
  serverRow: SyncTables[T] | undefined,
  pending: readonly LocalMutation[],
  owner: DatabaseOwner,
): SyncTables[T] | undefined {
  return pending.reduce<SyncTables[T] | undefined>(
    (row, mutation) => applyLocalMutation(table, row, mutation, owner),
    serverRow,
  );
}
