import type { Patient, PatientCreateArgs, PatientField } from '@bedside/shared';
import {
  changedBy,
  localRowMeta,
  restored,
  softDeleted,
  type LocalChange,
  type ViewRules,
} from '$lib/sync/local-change';

/** How this device's patient mutations show on the patient before the server answers. */
export const patientViewRules: ViewRules<'patient'> = {
  'patient.create': (row, args, change) => ({
    ...(row ?? newLocalPatient(args.id, change)),
    ...completeCreateArgs(args),
  }),
  'patient.update': (row, args, change) =>
    row && { ...row, ...withoutUndefined(args.fields), ...changedBy(change) },
  'patient.delete': (row, _args, change) =>
    !row || row.deletedAt !== null ? row : softDeleted(row, change),
  'patient.restore': (row, _args, change) => row && restored(row, change),
};

function newLocalPatient(id: string, change: LocalChange): Patient {
  return {
    ...localRowMeta(id, change),
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
