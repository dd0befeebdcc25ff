import type {
  Template,
  TemplateCreateArgs,
  TemplateIdArgs,
  TemplatePublishArgs,
  TemplateUpdateArgs,
  TemplateVersion,
} from '@bedside/shared';
import type { Db } from '../storage/db.ts';
import {
  insertTemplatesWrite,
  insertTemplateVersionsWrite,
  selectTakenVersionIds,
  selectTemplatesByIds,
  updateTemplatesWrite,
} from '../storage/template-queries.ts';
import type { Write } from '../storage/write.ts';
import {
  auditTrail,
  loadChangesByOthers,
  noteWritten,
  type Author,
  type BatchOptions,
  type BatchResult,
  type PreparedBatch,
  rowHistory,
  runRows,
} from './batch.ts';
import type { Actor } from './deps.ts';
import {
  createTemplate,
  deleteTemplate,
  publishTemplate,
  restoreTemplate,
  updateTemplate,
  type TemplateOutcome,
  type TemplateView,
} from './template-rules.ts';

export type TemplateMutation =
  | { name: 'template.create'; args: TemplateCreateArgs }
  | { name: 'template.publish'; args: TemplatePublishArgs }
  | { name: 'template.update'; args: TemplateUpdateArgs }
  | { name: 'template.delete'; args: TemplateIdArgs }
  | { name: 'template.restore'; args: TemplateIdArgs };

const entity = 'templates';

/**
 * Decides a run of template mutations like `preparePatientMutations` does for patients: state
 * read up front, every rule checked in memory, then bulk writes. A version is written with the
 * number before its template row's, so a device never pulls a template whose current version
 * it cannot have yet.
 */
export async function prepareTemplateMutations(
  tx: Db,
  actor: Actor,
  now: Date,
  lockedSeq: number,
  mutations: TemplateMutation[],
  options: BatchOptions,
): Promise<PreparedBatch> {
  const author: Author = { userId: actor.userId, at: now.toISOString() };
  const state = await loadState(tx, actor.clinicId, mutations, options);
  let changeSeq = lockedSeq;

  const written = new Map<string, Template>();
  const versions: TemplateVersion[] = [];
  const history = rowHistory(actor, author.at, entity);
  const audit = auditTrail(actor, author.at);

  const results = mutations.map((mutation): BatchResult => {
    const outcome = decide(state.view, mutation, author);
    if (outcome.kind === 'rejected') return { status: 'rejected', problem: outcome.problem };
    audit.add(entity, mutation.name, mutation.args.id);
    if (outcome.kind === 'unchanged') return { status: 'applied', row: outcome.row };

    if (outcome.version) {
      versions.push({ ...outcome.version, changeSeq: ++changeSeq });
      state.takeVersionId(outcome.version.id);
    }
    const row: Template = { ...outcome.row, changeSeq: ++changeSeq };
    state.rows.put(row);
    written.set(row.id, row);
    return history.add(row, outcome.edits, outcome.overwrites, () => ++changeSeq);
  });

  const { created, changed } = state.rows.split(written.values());
  const writes: Write[] = [];
  if (versions.length > 0) writes.push(insertTemplateVersionsWrite(versions));
  if (created.length > 0) writes.push(insertTemplatesWrite(created));
  if (changed.length > 0) writes.push(updateTemplatesWrite(actor.clinicId, changed));
  writes.push(...history.writes(), ...audit.writes());
  noteWritten(options.earlier, entity, written.values(), state.rows.storedVersion);
  return { results, changesTaken: changeSeq - lockedSeq, writes };
}

function decide(view: TemplateView, mutation: TemplateMutation, author: Author): TemplateOutcome {
  switch (mutation.name) {
    case 'template.create':
      return createTemplate(view, mutation.args, author);
    case 'template.publish':
      return publishTemplate(view, mutation.args, author);
    case 'template.update':
      return updateTemplate(view, mutation.args, author);
    case 'template.delete':
      return deleteTemplate(view, mutation.args, author);
    case 'template.restore':
      return restoreTemplate(view, mutation.args, author);
  }
}

function newVersionId(mutation: TemplateMutation): string | undefined {
  return mutation.name === 'template.create' || mutation.name === 'template.publish'
    ? mutation.args.version.id
    : undefined;
}

/**
 * Everything the batch can ask about, in at most three queries. With `assumeNewIds`, ids the
 * device made for new rows are not looked up (see `preparePatientMutations`).
 */
async function loadState(
  tx: Db,
  clinicId: string,
  mutations: TemplateMutation[],
  options: BatchOptions,
) {
  const onlyCreates = mutations.every((m) => m.name === 'template.create');
  const ids = [...new Set(mutations.map((m) => m.args.id))];
  const versionIds = mutations.flatMap((m) => newVersionId(m) ?? []);
  const [storedRows, takenVersionIds] = await Promise.all([
    options.assumeNewIds && onlyCreates ? [] : selectTemplatesByIds(tx, ids),
    options.assumeNewIds ? [] : selectTakenVersionIds(tx, versionIds),
  ]);
  const rows = runRows(storedRows);
  const taken = new Set(takenVersionIds);

  const changesAfter = await loadChangesByOthers(
    tx,
    clinicId,
    entity,
    rows.updateBases(
      clinicId,
      mutations.flatMap((m) =>
        m.name === 'template.publish' || m.name === 'template.update' ? [m.args] : [],
      ),
    ),
    options.earlier,
  );

  const view: TemplateView = {
    clinicId,
    template: rows.get,
    versionTaken: (id) => taken.has(id),
    changesAfter,
  };
  return { view, rows, takeVersionId: (id: string) => void taken.add(id) };
}
