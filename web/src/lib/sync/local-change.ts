import type { MutationArgs, MutationName, SyncedRowMeta, SyncTables } from '@bedside/shared';
import type { OutboxEntry, ParentIds, SyncedTableName } from '$lib/db/database';

/** One of this device's changes, queued or rejected, as it is replayed onto a row. */
export type LocalMutation = Pick<OutboxEntry, 'name' | 'args' | 'createdAt' | 'parents'>;

/** Who made a local change and when, as a view rule needs it. */
export type LocalChange = {
  /** When the change was made on this device. */
  at: string;
  /** The signed-in user who made it. */
  by: string;
  clinicId: string;
  parents: ParentIds;
};

type EntityOf<N extends MutationName> = N extends `${infer Entity}.${string}` ? Entity : never;
export type MutationEntity = EntityOf<MutationName>;

/** Mutation names start with their entity; each entity's rows live in one table. */
export const tableOfEntity = {
  patient: 'patients',
  template: 'templates',
  record: 'records',
  addendum: 'addenda',
  photo: 'photos',
} as const satisfies Record<MutationEntity, SyncedTableName>;

export type TableOf<N extends MutationName> = (typeof tableOfEntity)[EntityOf<N>];

/** The table whose row `args.id` a mutation changes. */
export function tableOfMutation(name: MutationName): SyncedTableName {
  return tableOfEntity[name.slice(0, name.indexOf('.')) as MutationEntity];
}

/**
 * How one mutation changes its row on this device: the server's rule, told from the device's
 * side. Returns the row unchanged when the server would not apply it, and undefined when there
 * is no row (an update of a row this device does not have).
 */
export type ViewRule<N extends MutationName> = (
  row: SyncTables[TableOf<N>] | undefined,
  args: MutationArgs<N>,
  change: LocalChange,
) => SyncTables[TableOf<N>] | undefined;

/** The view rules of one entity's mutations, e.g. `ViewRules<'record'>`. */
export type ViewRules<E extends MutationEntity = MutationEntity> = {
  [N in Extract<MutationName, `${E}.${string}`>]: ViewRule<N>;
};

/** The columns of a row this device made and the server has not seen (version 0). */
export function localRowMeta(id: string, change: LocalChange): SyncedRowMeta {
  return {
    id,
    clinicId: change.clinicId,
    createdAt: change.at,
    createdBy: change.by,
    updatedAt: change.at,
    updatedBy: change.by,
    // Not on the server yet: no server version for changes to sit on.
    version: 0,
    deletedAt: null,
    deletedBy: null,
    changeSeq: 0,
  };
}

export function changedBy(change: LocalChange): Pick<SyncedRowMeta, 'updatedAt' | 'updatedBy'> {
  return { updatedAt: change.at, updatedBy: change.by };
}

export function softDeleted<R extends SyncedRowMeta>(row: R, change: LocalChange): R {
  return { ...row, deletedAt: change.at, deletedBy: change.by, ...changedBy(change) };
}

export function restored<R extends SyncedRowMeta>(row: R, change: LocalChange): R {
  return { ...row, deletedAt: null, deletedBy: null, ...changedBy(change) };
}
