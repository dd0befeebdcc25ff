import Dexie, { type EntityTable, type Table } from 'dexie';
import type {
  Appointment,
  AppointmentType,
  ClinicalRecord,
  Photo,
  RecordAddendum,
  Template,
  TemplateVersion,
} from '@bedside/shared';
import type { ChartRead } from '@bedside/shared/audit';
import type {
  CachedUser,
  MetaEntry,
  OutboxEntry,
  PatientRow,
  PhotoBytes,
  RejectedMutation,
  ServerRow,
  StoredConflict,
  UploadJob,
} from './types';
import { toPatientRow } from '$lib/patients/search-index';

export type * from './types';

/** Whose data a clinic database holds. Two users or two clinics never share one. */
export type DatabaseOwner = { clinicId: string; userId: string };

export function databaseName(owner: DatabaseOwner): string {
  return `bedside-${owner.clinicId}-${owner.userId}`;
}

export class BedsideDatabase extends Dexie {
  declare patients: EntityTable<PatientRow, 'id'>;
  declare templates: EntityTable<Template, 'id'>;
  declare templateVersions: EntityTable<TemplateVersion, 'id'>;
  declare appointmentTypes: EntityTable<AppointmentType, 'id'>;
  declare appointments: EntityTable<Appointment, 'id'>;
  declare records: EntityTable<ClinicalRecord, 'id'>;
  declare addenda: EntityTable<RecordAddendum, 'id'>;
  declare photos: EntityTable<Photo, 'id'>;
  declare photoBytes: EntityTable<PhotoBytes, 'id'>;
  declare uploads: EntityTable<UploadJob, 'photoId'>;
  declare serverRows: Table<ServerRow, [string, string]>;
  declare outbox: EntityTable<OutboxEntry, 'seq'>;
  declare rejected: EntityTable<RejectedMutation, 'id'>;
  declare conflicts: EntityTable<StoredConflict, 'id'>;
  declare users: EntityTable<CachedUser, 'id'>;
  declare meta: EntityTable<MetaEntry, 'key'>;
  declare chartReads: EntityTable<ChartRead, 'id'>;

  readonly owner: DatabaseOwner;

  constructor(owner: DatabaseOwner) {
    super(databaseName(owner));
    this.owner = owner;

    // Append-only: a version that has shipped is never edited. A schema change is a new
    // `this.version(n)` below it (with an upgrade function when existing rows must change).
    this.version(1).stores({
      patients:
        'id, familyName, givenName, identifier, birthDate, deletedAt, updatedAt, sortKey, *searchWords',
      serverRows: '[table+id]',
      outbox: 'seq, id, entityId',
      rejected: 'id, seq, entityId',
      conflicts: 'id, rowId',
      users: 'id, name',
      meta: 'key',
    });

    // Record templates and clinical records (issue 3). The stored cursor predates these tables:
    // pull from the start so their rows arrive (rows already stored are simply stored again).
    this.version(2)
      .stores({
        templates: 'id, sortOrder, deletedAt',
        templateVersions: 'id, templateId',
        records: 'id, patientId, [patientId+createdAt], status, deletedAt',
        addenda: 'id, recordId, patientId',
      })
      .upgrade((transaction) => transaction.table('meta').delete('cursor'));

    // Photos and PDF attachments (issue 4): the synced rows, their bytes on this device, and the
    // upload queue. Pull from the start again so photo rows already on the server arrive.
    this.version(3)
      .stores({
        photos: 'id, patientId, [patientId+capturedAt], status, deletedAt',
        photoBytes: 'id',
        uploads: 'photoId, state',
      })
      .upgrade((transaction) => transaction.table('meta').delete('cursor'));

    // The patient list at 50,000 patients (issue 17): `[listed+sortKey]` reads one screen of
    // the list in name order without deleted rows, and the search words gain forms without
    // punctuation, identifier digit tails, phone digits. The name, identifier, birth date and
    // deletedAt indexes were never queried: dropped, so each stored row costs fewer writes.
    this.version(4)
      .stores({
        patients: 'id, updatedAt, sortKey, *searchWords, [listed+sortKey]',
      })
      .upgrade((transaction) =>
        transaction
          .table<PatientRow, string>('patients')
          .toCollection()
          .modify((row) => {
            Object.assign(row, toPatientRow(row));
          }),
      );

    // Appointments and their types (issue 11). Pull from the start so rows already on the
    // server arrive (the schema version moved too, so the server answers "resync" anyway).
    this.version(5)
      .stores({
        appointmentTypes: 'id, deletedAt',
        appointments: 'id, startsAt, patientId, [clinicianId+startsAt], seriesId, deletedAt',
      })
      .upgrade((transaction) => transaction.table('meta').delete('cursor'));

    // The note of an appointment (issue 11): Today and "Start note" find an appointment's record
    // by `appointmentId` instead of reading every record. Only an index: rows stay as they are.
    this.version(6).stores({
      records: 'id, patientId, [patientId+createdAt], status, deletedAt, appointmentId',
    });

    // Device storage within a budget (issue 14): `viewedAt` orders the originals kept on this
    // device by when each was last shown, so the least recently viewed uploaded ones can be
    // evicted without reading any bytes. Every original already here counts as seen now.
    this.version(7)
      .stores({ photoBytes: 'id, viewedAt' })
      .upgrade((transaction) => {
        const now = new Date().toISOString();
        return transaction
          .table<PhotoBytes, string>('photoBytes')
          .toCollection()
          .modify((row) => {
            if (row.bytes.byteLength > 0 && row.viewedAt === undefined) row.viewedAt = now;
          });
      });

    // Chart reads for the audit log (issue 15): each time this device's user opens a patient or
    // a record, until the server has it (`lib/audit/chart-reads.ts`). Keyed by the read's id.
    this.version(8).stores({ chartReads: 'id' });
  }
}

/** Used until someone signs in; never opened unless something queries it. */
const nobody: DatabaseOwner = { clinicId: 'none', userId: 'none' };

/**
 * The signed-in user's database. A live binding: `useClinicDatabase` swaps it on sign-in, and
 * every importer sees the new one (queries read it when they run, not when they are created).
 */
export let db = new BedsideDatabase(nobody);

const listeners = new Set<(database: BedsideDatabase) => void>();

/** Points `db` at this user's database (created on first use); null when nobody is signed in. */
export function useClinicDatabase(owner: DatabaseOwner | null): BedsideDatabase {
  owner ??= nobody;
  if (databaseName(owner) === db.name) return db;
  db.close();
  db = new BedsideDatabase(owner);
  for (const listener of listeners) listener(db);
  return db;
}

/** True for the stand-in used while nobody is signed in (nothing should be stored there). */
export function isSignedOutDatabase(database: BedsideDatabase): boolean {
  return database.owner === nobody;
}

/** Calls `listener` whenever `db` is swapped for another user's database. */
export function onDatabaseChange(listener: (database: BedsideDatabase) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
