import {
  isMutationName,
  makeProblem,
  mutationArgs,
  validate,
  validateRecordData,
  validateRecordPatch,
  type ClinicalRecord,
  type MutationArgs,
  type MutationName,
  type MutationResult,
  type Problem,
  type PushRequest,
  type SyncedRowMeta,
  type SyncTables,
} from '@bedside/shared';
import type { SyncedTableName } from '$lib/db/database';
import { patchData } from '$lib/records/record-view';
import { commitListedPhotos, photoRules } from './fake-photo-rules';

export type Mutation = PushRequest['mutations'][number];
export type FakeTables = { [T in SyncedTableName]: Map<string, SyncTables[T]> };

/** What the rules need from the fake server: its rows and a way to write one (next change_seq). */
export type FakeStore = {
  tables: FakeTables;
  write<T extends SyncedTableName>(table: T, row: SyncTables[T]): SyncTables[T];
};

type Outcome = { status: 'applied'; row?: Record<string, unknown> } | { problem: Problem };
type Rule<N extends MutationName> = (store: FakeStore, args: MutationArgs<N>) => Outcome;

const notFound = { problem: makeProblem('not-found', 404, 'Not found.') };
const deleted = { problem: makeProblem('deleted', 409, 'This was deleted.') };
const signed = (title: string) => ({ problem: makeProblem('record-finalized', 409, title) });
const notSigned = (title: string) => ({ problem: makeProblem('record-not-finalized', 409, title) });
const invalid = (title: string, issues: { field: string; message: string }[]) => ({
  problem: makeProblem('validation', 422, title, { issues }),
});

function newMeta(id: string): SyncedRowMeta {
  const now = new Date().toISOString();
  return {
    id,
    clinicId: 'clinic',
    createdAt: now,
    createdBy: 'user',
    updatedAt: now,
    updatedBy: 'user',
    version: 1,
    deletedAt: null,
    deletedBy: null,
    changeSeq: 0,
  };
}

function next<R extends SyncedRowMeta>(row: R, changes: Partial<R>): R {
  return { ...row, ...changes, version: row.version + 1, updatedAt: new Date().toISOString() };
}

function softDelete<R extends SyncedRowMeta>(row: R, on: boolean): R {
  return next(row, {
    deletedAt: on ? new Date().toISOString() : null,
    deletedBy: on ? 'user' : null,
  } as Partial<R>);
}

/** A simplified copy of the server's rules: enough for the device's tests, not a second server. */
const rules: { [N in MutationName]: Rule<N> } = {
  'patient.create': (store, args) => ({
    status: 'applied',
    row: store.write('patients', {
      ...newMeta(args.id),
      birthDate: null,
      sex: null,
      identifier: null,
      phone: null,
      email: null,
      notes: null,
      ...args,
    }),
  }),
  'patient.update': (store, args) => {
    const row = store.tables.patients.get(args.id);
    if (!row) return notFound;
    return { status: 'applied', row: store.write('patients', next(row, args.fields)) };
  },
  // No row in the answer: the device keeps what it assumes until the next pull.
  'patient.delete': (store, args) => patientState(store, args.id, true),
  'patient.restore': (store, args) => patientState(store, args.id, false),

  'template.create': (store, { id, sortOrder, version }) => {
    const description = version.description ?? null;
    store.write('templateVersions', {
      ...newMeta(version.id),
      templateId: id,
      number: 1,
      name: version.name,
      description,
      fields: version.fields,
    });
    const row = store.write('templates', {
      ...newMeta(id),
      name: version.name,
      description,
      sortOrder,
      currentVersionId: version.id,
      currentVersionNumber: 1,
      builtIn: null,
    });
    return { status: 'applied', row };
  },
  'template.publish': (store, { id, version }) => {
    const template = store.tables.templates.get(id);
    if (!template) return notFound;
    if (template.deletedAt) return deleted;
    const number = template.currentVersionNumber + 1;
    const description = version.description ?? null;
    store.write('templateVersions', {
      ...newMeta(version.id),
      templateId: id,
      number,
      name: version.name,
      description,
      fields: version.fields,
    });
    const row = next(template, {
      name: version.name,
      description,
      currentVersionId: version.id,
      currentVersionNumber: number,
    });
    return { status: 'applied', row: store.write('templates', row) };
  },
  'template.update': (store, args) => {
    const row = store.tables.templates.get(args.id);
    if (!row) return notFound;
    return { status: 'applied', row: store.write('templates', next(row, args.fields)) };
  },
  'template.delete': (store, args) => templateState(store, args.id, true),
  'template.restore': (store, args) => templateState(store, args.id, false),

  'record.create': (store, args) => {
    const version = store.tables.templateVersions.get(args.templateVersionId);
    if (!version || !store.tables.patients.has(args.patientId)) return notFound;
    const issues = validateRecordData(version.fields, args.data, 'draft');
    if (issues.length > 0) return invalid('Invalid.', issues);
    const photoProblem = commitListedPhotos(store, args.patientId, args.data);
    if (photoProblem) return { problem: photoProblem };
    const row = store.write('records', {
      ...newMeta(args.id),
      patientId: args.patientId,
      templateId: version.templateId,
      templateVersionId: version.id,
      status: 'draft',
      data: args.data,
      finalizedAt: null,
      finalizedBy: null,
      archivedAt: null,
      archivedBy: null,
    });
    return { status: 'applied', row };
  },
  'record.update': (store, args) =>
    withRecord(store, args.id, (record) => {
      if (record.deletedAt) return deleted;
      if (record.status !== 'draft')
        return signed('This record has been signed. Add an addendum instead.');
      const version = store.tables.templateVersions.get(record.templateVersionId);
      const issues = validateRecordPatch(version?.fields ?? [], args.data);
      if (issues.length > 0) return invalid('Invalid.', issues);
      const photoProblem = commitListedPhotos(store, record.patientId, args.data);
      if (photoProblem) return { problem: photoProblem };
      return { changes: { data: patchData(record.data, args.data) } };
    }),
  'record.finalize': (store, args) =>
    withRecord(store, args.id, (record) => {
      if (record.status === 'finalized') return { changes: undefined };
      if (record.status === 'archived') return signed('This record is archived.');
      const version = store.tables.templateVersions.get(record.templateVersionId);
      const issues = validateRecordData(version?.fields ?? [], record.data, 'final');
      if (issues.length > 0) return invalid('This record is not complete yet.', issues);
      const at = new Date().toISOString();
      return { changes: { status: 'finalized', finalizedAt: at, finalizedBy: 'user' } };
    }),
  'record.archive': (store, args) =>
    withRecord(store, args.id, (record) =>
      record.status === 'draft'
        ? notSigned('Only a signed record can be archived; delete a draft instead.')
        : { changes: { status: 'archived', archivedAt: new Date().toISOString() } },
    ),
  'record.unarchive': (store, args) =>
    withRecord(store, args.id, () => ({
      changes: { status: 'finalized', archivedAt: null, archivedBy: null },
    })),
  'record.delete': (store, args) =>
    withRecord(store, args.id, (record) =>
      record.status !== 'draft'
        ? signed('A signed record can only be archived, never deleted.')
        : { changes: { deletedAt: new Date().toISOString(), deletedBy: 'user' } },
    ),
  'record.restore': (store, args) =>
    withRecord(store, args.id, () => ({ changes: { deletedAt: null, deletedBy: null } })),

  'addendum.create': (store, args) => {
    const record = store.tables.records.get(args.recordId);
    if (!record) return notFound;
    if (record.status === 'draft')
      return notSigned('Edit the draft instead of adding an addendum.');
    const row = store.write('addenda', {
      ...newMeta(args.id),
      recordId: record.id,
      patientId: record.patientId,
      text: args.text,
    });
    return { status: 'applied', row };
  },
  ...photoRules(newMeta),
};

function patientState(store: FakeStore, id: string, on: boolean): Outcome {
  const row = store.tables.patients.get(id);
  if (!row) return notFound;
  store.write('patients', softDelete(row, on));
  return { status: 'applied' };
}

function templateState(store: FakeStore, id: string, on: boolean): Outcome {
  const row = store.tables.templates.get(id);
  if (!row) return notFound;
  return { status: 'applied', row: store.write('templates', softDelete(row, on)) };
}

/** `decide` refuses (a problem) or says what changes; `changes: undefined` changes nothing. */
function withRecord(
  store: FakeStore,
  id: string,
  decide: (record: ClinicalRecord) => { problem: Problem } | { changes?: Partial<ClinicalRecord> },
): Outcome {
  const record = store.tables.records.get(id);
  if (!record) return notFound;
  const decision = decide(record);
  if ('problem' in decision) return decision;
  if (!decision.changes) return { status: 'applied', row: record };
  return { status: 'applied', row: store.write('records', next(record, decision.changes)) };
}

/** Applies one mutation the way the server would (validation first, then the rule). */
export function applyFakeMutation(store: FakeStore, mutation: Mutation): MutationResult {
  const base = { id: mutation.id, seq: mutation.seq };
  if (!isMutationName(mutation.name)) {
    const problem = makeProblem('unknown-mutation', 422, 'Unknown.');
    return { ...base, status: 'rejected', problem };
  }
  const name: MutationName = mutation.name;
  const checked = validate(mutationArgs[name], mutation.args);
  if (!checked.ok) {
    const problem = makeProblem('validation', 422, 'Invalid.', { issues: checked.issues });
    return { ...base, status: 'rejected', problem };
  }
  // The rule under `name` takes that mutation's args, which `checked` holds.
  const rule = rules[name] as (store: FakeStore, args: unknown) => Outcome;
  const outcome = rule(store, checked.value);
  return 'problem' in outcome
    ? { ...base, status: 'rejected', problem: outcome.problem }
    : { ...base, ...outcome };
}
