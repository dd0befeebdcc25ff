import * as v from 'valibot';
import type { Appointment, AppointmentType } from './appointments.ts';
import { Uuid } from './common.ts';
import type { Patient } from './patient.ts';
import type { Photo } from './photos.ts';
import type { Problem } from './problems.ts';
import type { EntityTableName } from './sync/entity-definition.ts';
import type { ClinicalRecord, RecordAddendum } from './records.ts';
import type { Template, TemplateVersion } from './templates.ts';

/**
 * Bumped when the shape of synced rows changes; an old cursor then answers "resync". 6: pulls
 * carry purges, which an older app would skip; its cursor must not outlive it. 7: patients carry
 * their reminder consent.
 */
export const SCHEMA_VERSION = 7;

export const MAX_PUSH_MUTATIONS = 1000;
export const DEFAULT_PULL_LIMIT = 1000;
export const MAX_PULL_LIMIT = 5000;

/** The envelope is checked first; args are checked per mutation so one bad one is rejected alone. */
export const PushMutation = v.object({
  id: Uuid,
  seq: v.pipe(
    v.number('seq must be a number.'),
    v.integer('seq must be a whole number.'),
    v.minValue(1, 'seq starts at 1.'),
  ),
  name: v.pipe(v.string('name must be text.'), v.maxLength(64)),
  args: v.unknown(),
});
export type PushMutation = v.InferOutput<typeof PushMutation>;

export const PushRequest = v.object({
  clientId: Uuid,
  schemaVersion: v.pipe(v.number(), v.integer()),
  mutations: v.pipe(
    v.array(PushMutation, 'mutations must be a list.'),
    v.maxLength(MAX_PUSH_MUTATIONS, `At most ${MAX_PUSH_MUTATIONS} mutations per push.`),
    v.check(
      (list) => list.every((m, i) => i === 0 || m.seq === list[i - 1]!.seq + 1),
      'Mutations must be in consecutive seq order.',
    ),
  ),
});
export type PushRequest = v.InferOutput<typeof PushRequest>;

export type MutationStatus = 'applied' | 'duplicate' | 'conflict' | 'rejected';

/** A value another device wrote that this mutation overwrote; kept in history on the server. */
export type Overwrite = {
  field: string;
  keptValue: unknown;
  keptBy: string;
  keptAt: string;
};

export type MutationResult = {
  id: string;
  seq: number;
  status: MutationStatus;
  problem?: Problem;
  /** The table `row` belongs to, whenever there is a row. */
  table?: SyncTableName;
  /** The server row after the mutation (conflict: always; applied: when cheap). */
  row?: Record<string, unknown>;
  /** On conflict: the other device's values this mutation overwrote. */
  overwrites?: Overwrite[];
};

export type PushResponse = { lastSeq: number; results: MutationResult[] };

/** The tables whose rows can lose a same-field race (and so have conflicts to show). */
export type ConflictEntity = EntityTableName;

/**
 * A same-field overwrite, synced to every device so both sides can see what was kept. For a
 * record, `field` is `data.<fieldId>`.
 */
export type Conflict = {
  id: string;
  clinicId: string;
  entity: ConflictEntity;
  rowId: string;
  field: string;
  keptValue: unknown;
  keptBy: string;
  keptAt: string;
  winningValue: unknown;
  winningBy: string;
  createdAt: string;
  version: number;
  deletedAt: string | null;
  changeSeq: number;
};

/**
 * A row the server deleted for good (soft-deleted longer ago than the clinic's retention, or
 * "Delete now"): the device forgets it, keeping any change of it that is not sent yet. `id` is
 * the purged row's id; ids are never reused, so a purge is final.
 */
export type Purge = {
  id: string;
  entity: EntityTableName;
  purgedAt: string;
  changeSeq: number;
};

export type SyncTables = {
  patients: Patient;
  conflicts: Conflict;
  purges: Purge;
  templates: Template;
  templateVersions: TemplateVersion;
  appointmentTypes: AppointmentType;
  appointments: Appointment;
  records: ClinicalRecord;
  addenda: RecordAddendum;
  photos: Photo;
};
export type SyncTableName = keyof SyncTables;
export const syncTableNames: SyncTableName[] = [
  'patients',
  'conflicts',
  'purges',
  'templates',
  'templateVersions',
  'appointmentTypes',
  'appointments',
  'records',
  'addenda',
  'photos',
];

export type PullResponse = {
  changes: { [T in SyncTableName]?: SyncTables[T][] };
  cursor: string;
  more: boolean;
};

/** The SSE event the server sends when a clinic's data moves. */
export type ChangeEvent = { changeSeq: number };
