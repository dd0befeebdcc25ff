import {
  PatientCreateArgs,
  PatientIdArgs,
  PatientUpdateArgs,
  validate,
  type MutationName,
  type Patient,
  type PatientField,
} from '@bedside/shared';
import type { BedsideDatabase, DatabaseOwner, OutboxEntry } from '$lib/db/database';
import { pendingMutationsOf } from '$lib/sync/outbox';
import { toPatientRow } from './search-index';

export type LocalMutation = Pick<OutboxEntry, 'name' | 'args' | 'createdAt'>;

/**
 * The row as this device shows it after one of its own mutations. Args are re-read with the
 * shared schemas (they were checked when queued), so nothing malformed reaches the view.
 */
export function applyMutation(
  row: Patient | undefined,
  mutation: LocalMutation,
  owner: DatabaseOwner,
): Patient | undefined {
  const at = mutation.createdAt;
  const by = owner.userId;
  const name: MutationName = mutation.name;
  switch (name) {
    case 'patient.create': {
      const parsed = validate(PatientCreateArgs, mutation.args);
      if (!parsed.ok) return row;
      const args = completeCreateArgs(parsed.value);
      return { ...(row ?? newLocalPatient(args.id, owner, at)), ...args };
    }
    case 'patient.update': {
      const parsed = validate(PatientUpdateArgs, mutation.args);
      if (!parsed.ok || !row) return row;
      return { ...row, ...withoutUndefined(parsed.value.fields), updatedAt: at, updatedBy: by };
    }
    case 'patient.delete':
      if (!validate(PatientIdArgs, mutation.args).ok || !row || row.deletedAt !== null) return row;
      return { ...row, deletedAt: at, deletedBy: by, updatedAt: at, updatedBy: by };
    case 'patient.restore':
      if (!validate(PatientIdArgs, mutation.args).ok || !row) return row;
      return { ...row, deletedAt: null, deletedBy: null, updatedAt: at, updatedBy: by };
  }
}

function newLocalPatient(id: string, owner: DatabaseOwner, at: string): Patient {
  return {
    id,
    clinicId: owner.clinicId,
    createdAt: at,
    createdBy: owner.userId,
    updatedAt: at,
    updatedBy: owner.userId,
    // Not on the server yet: no server version for changes to sit on.
    version: 0,
    deletedAt: null,
    deletedBy: null,
    changeSeq: 0,
    givenName: '',
    familyName: '',
    birthDate: null,
    sex: null,
    identifier: null,
    phone: null,
    email: null,
    notes: null,
  };
}

/** A create carries every field, empty ones as null, so the server row matches the device's. */
export function completeCreateArgs(value: PatientCreateArgs): Pick<Patient, 'id' | PatientField> {
  return {
    id: value.id,
    givenName: value.givenName,
    familyName: value.familyName,
    birthDate: value.birthDate ?? null,
    sex: value.sex ?? null,
    identifier: value.identifier ?? null,
    phone: value.phone ?? null,
    email: value.email ?? null,
    notes: value.notes ?? null,
  };
}

/** IndexedDB keeps `undefined` values; an absent field must not blank the row. */
export function withoutUndefined<T extends object>(fields: T): Partial<T> {
  const copy: Partial<T> = { ...fields };
  for (const key in copy) if (copy[key] === undefined) delete copy[key];
  return copy;
}

/** The server copy with every local change on top, in seq order. */
export function rebase(
  serverRow: Patient | undefined,
  pending: readonly LocalMutation[],
  owner: DatabaseOwner,
): Patient | undefined {
  return pending.reduce<Patient | undefined>(
    (row, mutation) => applyMutation(row, mutation, owner),
    serverRow,
  );
}

/**
 * Recomputes the stored view of one patient from `serverRows` and its queued and rejected
 * mutations; removes it when nothing is left (a discarded create). Call inside a transaction
 * covering `patients`, `serverRows`, `outbox` and `rejected`.
 */
export async function rebuildPatientView(database: BedsideDatabase, id: string): Promise<void> {
  const [server, pending] = await Promise.all([
    database.serverRows.get(['patients', id]),
    pendingMutationsOf(database, id),
  ]);
  const row = rebase(server?.row, pending, database.owner);
  if (row) await database.patients.put(toPatientRow(row));
  else await database.patients.delete(id);
}
