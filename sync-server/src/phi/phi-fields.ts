import type { Db } from '../storage/db.ts';
import type { ClinicCipher, PhiKeys } from './phi-keys.ts';

/**
 * The columns sealed at rest: what the server never queries, sorts or joins by. `text` columns
 * hold a string; `json` ones any JSON value, sealed as its JSON text. Everything else (ids,
 * clinic, status, times, versions, change numbers, names, birth date, identifier, email, body
 * site, location) stays clear because some statement reads it: search, a unique index, the
 * reminders' claim, the capture phone's check. The README lists them under "PHI at rest".
 */
type Kind = 'text' | 'json';
type Field = { field: string; column: string; kind: Kind };
export type PhiTable = { sqlTable: string; fields: Field[] };

const text = (field: string, column = field): Field => ({ field, column, kind: 'text' });
const json = (field: string, column = field): Field => ({ field, column, kind: 'json' });

export const phiTables = {
  patients: {
    sqlTable: 'patients',
    fields: [
      text('phone'),
      text('notes'),
      text('address'),
      text('emergencyName', 'emergency_name'),
      text('emergencyRelationship', 'emergency_relationship'),
      text('emergencyPhone', 'emergency_phone'),
      json('allergies'),
    ],
  },
  records: { sqlTable: 'records', fields: [json('data')] },
  addenda: { sqlTable: 'record_addenda', fields: [text('text')] },
  photos: { sqlTable: 'photos', fields: [text('description')] },
  appointments: {
    sqlTable: 'appointments',
    fields: [text('reason'), text('notes'), text('cancelReason', 'cancel_reason')],
  },
  fieldHistory: {
    sqlTable: 'field_history',
    fields: [json('oldValue', 'old_value'), json('newValue', 'new_value')],
  },
  conflicts: {
    sqlTable: 'conflicts',
    fields: [json('keptValue', 'kept_value'), json('winningValue', 'winning_value')],
  },
} satisfies Record<string, PhiTable>;

/** A stored value as the rows carry it: sealed text, or plaintext from before encryption. */
export function sealField(cipher: ClinicCipher, table: PhiTable, field: Field, value: unknown) {
  if (value === null || value === undefined) return null;
  const plain = field.kind === 'json' ? JSON.stringify(value) : String(value);
  return cipher.seal(table.sqlTable, field.column, plain);
}

/** The value a stored one holds: opened, and parsed for JSON columns. */
export function openField(cipher: ClinicCipher, table: PhiTable, field: Field, stored: unknown) {
  if (stored === null || stored === undefined) return null;
  // A driver that still typed the column as JSON (never after migration 0020) gives the value.
  if (typeof stored !== 'string') return stored;
  const plain = cipher.open(table.sqlTable, field.column, stored);
  return field.kind === 'json' ? (JSON.parse(plain) as unknown) : plain;
}

/**
 * The row as stored: its PHI fields sealed for the cipher's clinic. The type stays the row's,
 * for the query modules, though those fields now hold sealed text.
 *
 * @example
 * insertPatientsWrite(stamp, sealRows(stamp.cipher, phiTables.patients, rows))
 */
export function sealRows<T extends object>(cipher: ClinicCipher, table: PhiTable, rows: T[]): T[] {
  return rows.map((row) => {
    const sealed = { ...row } as Record<string, unknown>;
    for (const field of table.fields)
      if (field.field in sealed)
        sealed[field.field] = sealField(cipher, table, field, sealed[field.field]);
    return sealed as T;
  });
}

/** Rows read from one clinic's table, their PHI fields opened (those the rows have). */
export function openRows<T extends object>(cipher: ClinicCipher, table: PhiTable, rows: T[]): T[] {
  return rows.map((row) => {
    const opened = { ...row } as Record<string, unknown>;
    for (const field of table.fields)
      if (field.field in opened)
        opened[field.field] = openField(cipher, table, field, opened[field.field]);
    return opened as T;
  });
}

/** Rows read from any clinics, each opened with its own clinic's key (read by `phi`). */
export async function openRowsOfAnyClinic<T extends { clinicId: string }>(
  db: Db,
  phi: PhiKeys,
  table: PhiTable,
  rows: T[],
): Promise<T[]> {
  const ciphers = new Map<string, ClinicCipher>();
  for (const clinicId of new Set(rows.map((row) => row.clinicId)))
    ciphers.set(clinicId, await phi.opener(db, clinicId));
  return rows.map((row) => {
    const cipher = ciphers.get(row.clinicId);
    if (!cipher) throw new Error('unreachable: every clinic got a cipher');
    return openRows(cipher, table, [row])[0] ?? row;
  });
}
