import type * as v from 'valibot';
import type { Capability } from '../permissions.ts';
import type { Problem } from '../problems.ts';
import type { Overwrite, SyncTableName, SyncTables } from '../sync-protocol.ts';

/** Who makes a change, and when: on the server the push's user and time. */
export type Author = { userId: string; at: string };

/** One field a mutation changed: `data.<fieldId>` for a record answer, `_status` for signing. */
export type FieldEdit = { field: string; oldValue: unknown; newValue: unknown };

/** A field change made to a row after some version, and whether this very device made it. */
export type PriorChange = {
  field: string;
  changedBy: string;
  changedAt: string;
  byThisDevice: boolean;
};

/**
 * The tables rules write; conflicts are written by the batch, from what rules overwrote, and
 * purges by the cleanup.
 */
export type EntityTableName = Exclude<SyncTableName, 'conflicts' | 'purges'>;

/** A row as a rule writes it: the change number is taken when the batch is written. */
export type Draft<T extends EntityTableName> = Omit<SyncTables[T], 'changeSeq'>;

/** A row a mutation writes besides its own: a template's new version, a photo a record commits. */
export type SideWrite = {
  [T in EntityTableName]: {
    table: T;
    row: Draft<T>;
    /** The action audited for this row, when it is a change of its own. */
    audit?: string;
  };
}[EntityTableName];

/** What a rule decided for one mutation, as of everything earlier in the batch. */
export type Outcome<T extends EntityTableName> =
  | { kind: 'rejected'; problem: Problem }
  | { kind: 'unchanged'; row: SyncTables[T] }
  | {
      kind: 'written';
      row: Draft<T>;
      edits: FieldEdit[];
      /** Edits that replaced another device's change since the mutation's base version. */
      overwrites: Overwrite[];
      /** Written before `row`, each under a lower change number. */
      before?: SideWrite[];
      /** Written after `row`, each under a higher change number. */
      after?: SideWrite[];
    };

/**
 * What a rule may ask, as of this point in the batch. The server answers from what it read for
 * the batch plus what earlier mutations wrote; the device from its own copy of the clinic.
 */
export interface RuleView {
  readonly clinicId: string;
  /** The row with this id in ANY clinic, so an id taken elsewhere is refused without saying so. */
  row<T extends EntityTableName>(table: T, id: string): SyncTables[T] | undefined;
  /** The clinic's live row holding `value` under a unique key of `table` (see `uniqueKeys`). */
  holder(table: EntityTableName, key: string, value: string): string | undefined;
  /** The field changes made to the row after `baseVersion`, oldest first. */
  changesAfter(table: EntityTableName, rowId: string, baseVersion: number): PriorChange[];
  /** Whether this user is an active member of the clinic (an appointment's clinician). */
  isMember(userId: string): boolean;
  /** Every row of `table` that belongs to the patient, deleted or not. */
  rowsOfPatient<T extends PatientRowTable>(table: T, patientId: string): SyncTables[T][];
}

/** The tables whose rows a rule can ask for by patient (`rowsOfPatient`). */
export type PatientRowTable = 'photos' | 'records';

/**
 * What a mutation needs read before it can be decided: a row, a unique key, a row's history, a
 * user's membership.
 */
export type Need =
  | {
      kind: 'row';
      table: EntityTableName;
      id: string;
      /** An id the device made for a new row: a batch may assume it is free (see `planBatch`). */
      fresh?: boolean;
    }
  | { kind: 'holder'; table: EntityTableName; key: string; value: string }
  | { kind: 'history'; table: EntityTableName; id: string; baseVersion: number }
  /** Whether a user id is an active member of the clinic: users are not a synced table. */
  | { kind: 'member'; userId: string }
  /** Every row of `table` that belongs to a patient (a deletion takes the patient's photos). */
  | { kind: 'patientRows'; table: PatientRowTable; patientId: string };

/**
 * One synced table: what a role needs to read its rows (its conflicts and purges follow it), its
 * mutations, and the keys no two of a clinic's live rows may share (the value a row holds under
 * each; null holds none).
 */
export type EntityDefinition<T extends EntityTableName, M> = {
  table: T;
  /** A pull gives the table's rows only to roles that hold this (see `permissions.ts`). */
  readCapability: Capability;
  uniqueKeys?: Record<string, (row: SyncTables[T]) => string | null>;
  mutations: M;
};

/** Declares an entity, keeping its table's name and its mutations' types. */
export function defineEntity<T extends EntityTableName, M>(
  definition: EntityDefinition<T, M>,
): EntityDefinition<T, M> {
  return definition;
}

/**
 * One mutation: the table of the row it writes, the capability its author needs (a push refuses
 * it to any other role), its args, what it reads, and its rule. `needs`
 * may be asked again once earlier needs are read (a record's template version is known only
 * once the record is), and must not ask for what it already has.
 */
export type MutationDefinition<T extends EntityTableName, S extends v.GenericSchema> = {
  table: T;
  capability: Capability;
  args: S;
  needs(args: v.InferOutput<S>, view: RuleView): Need[];
  decide(view: RuleView, args: v.InferOutput<S>, author: Author): Outcome<T>;
};

/** Declares a mutation, keeping its args' type for `needs` and `decide`. */
export function defineMutation<T extends EntityTableName, S extends v.GenericSchema>(
  definition: MutationDefinition<T, S>,
): MutationDefinition<T, S> {
  return definition;
}
