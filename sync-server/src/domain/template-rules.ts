import {
  makeProblem,
  type Overwrite,
  type Problem,
  type Template,
  type TemplateCreateArgs,
  type TemplateIdArgs,
  type TemplatePublishArgs,
  type TemplateUpdateArgs,
  type TemplateVersion,
  type TemplateVersionInput,
} from '@bedside/shared';
import type { FieldChangeSummary } from '../storage/history-queries.ts';
import { touched, type Author } from './batch.ts';
import { changesSinceBase, overwritesOf } from './overwrites.ts';

/** What the rules may ask about the clinic's templates, as of this point in the batch. */
export type TemplateView = {
  clinicId: string;
  /** The template with this id in ANY clinic, so an id taken elsewhere is refused without saying so. */
  template(id: string): Template | undefined;
  /** Whether a template version (of any clinic) has this id. */
  versionTaken(id: string): boolean;
  /** Field changes other pushes made after `baseVersion`, oldest first. */
  changesAfter(rowId: string, baseVersion: number): FieldChangeSummary[];
};

export type TemplateDraft = Omit<Template, 'changeSeq'>;
export type VersionDraft = Omit<TemplateVersion, 'changeSeq'>;
/** The template row's fields that merge on their own; content changes go through versions. */
export type TemplateRowField = 'sortOrder' | 'currentVersionId';
export type TemplateEdit = { field: TemplateRowField; oldValue: unknown; newValue: unknown };
export type TemplateOverwrite = Overwrite & { field: TemplateRowField };

export type TemplateOutcome =
  | { kind: 'rejected'; problem: Problem }
  | { kind: 'unchanged'; row: Template }
  | {
      kind: 'written';
      row: TemplateDraft;
      /** A new version, written before the row that points at it. */
      version: VersionDraft | undefined;
      edits: TemplateEdit[];
      overwrites: TemplateOverwrite[];
    };

const notFound = makeProblem('not-found', 404, 'This template does not exist on the server.');
const deleted = makeProblem(
  'deleted',
  409,
  'This template was deleted on another device. Restore it to apply your change.',
);
const newerThanServer = makeProblem(
  'conflict',
  409,
  'This device has a newer copy of the template than the server. Sync again, then retry.',
);
const versionExists = makeProblem('conflict', 409, 'This template version already exists.');

function ownTemplate(view: TemplateView, id: string): Template | undefined {
  const row = view.template(id);
  return row?.clinicId === view.clinicId ? row : undefined;
}

function newVersion(
  view: TemplateView,
  templateId: string,
  number: number,
  input: TemplateVersionInput,
  author: Author,
): VersionDraft {
  return {
    id: input.id,
    clinicId: view.clinicId,
    templateId,
    number,
    name: input.name,
    description: input.description ?? null,
    fields: input.fields,
    createdAt: author.at,
    createdBy: author.userId,
    updatedAt: author.at,
    updatedBy: author.userId,
    version: 1,
    deletedAt: null,
    deletedBy: null,
  };
}

/** A new template and its version 1. */
export function createTemplate(
  view: TemplateView,
  args: TemplateCreateArgs,
  author: Author,
): TemplateOutcome {
  if (view.template(args.id)) {
    return {
      kind: 'rejected',
      problem: makeProblem('conflict', 409, 'This template already exists.'),
    };
  }
  if (view.versionTaken(args.version.id)) return { kind: 'rejected', problem: versionExists };
  const version = newVersion(view, args.id, 1, args.version, author);
  const row: TemplateDraft = {
    id: args.id,
    clinicId: view.clinicId,
    name: version.name,
    description: version.description,
    sortOrder: args.sortOrder,
    currentVersionId: version.id,
    currentVersionNumber: 1,
    builtIn: null,
    createdAt: author.at,
    createdBy: author.userId,
    updatedAt: author.at,
    updatedBy: author.userId,
    version: 1,
    deletedAt: null,
    deletedBy: null,
  };
  return { kind: 'written', row, version, edits: [], overwrites: [] };
}

/**
 * A new version, numbered by the server, becomes current. If another device published since
 * `baseVersion`, this one still wins (later arrival) and the version it replaced is reported;
 * that version stays readable, as every version does.
 */
export function publishTemplate(
  view: TemplateView,
  args: TemplatePublishArgs,
  author: Author,
): TemplateOutcome {
  const current = ownTemplate(view, args.id);
  if (!current) return { kind: 'rejected', problem: notFound };
  if (current.deletedAt) return { kind: 'rejected', problem: deleted };
  if (args.baseVersion > current.version) return { kind: 'rejected', problem: newerThanServer };
  if (view.versionTaken(args.version.id)) return { kind: 'rejected', problem: versionExists };
  const version = newVersion(
    view,
    current.id,
    current.currentVersionNumber + 1,
    args.version,
    author,
  );
  const edits: TemplateEdit[] = [
    { field: 'currentVersionId', oldValue: current.currentVersionId, newValue: version.id },
  ];
  const row: TemplateDraft = {
    ...touched(current, author),
    name: version.name,
    description: version.description,
    currentVersionId: version.id,
    currentVersionNumber: version.number,
  };
  return {
    kind: 'written',
    row,
    version,
    edits,
    overwrites: overwritesOf(edits, changesSinceBase(view, current, args.baseVersion)),
  };
}

/** Moves the template in the clinic's list; merges like a patient's fields. */
export function updateTemplate(
  view: TemplateView,
  args: TemplateUpdateArgs,
  author: Author,
): TemplateOutcome {
  const current = ownTemplate(view, args.id);
  if (!current) return { kind: 'rejected', problem: notFound };
  if (current.deletedAt) return { kind: 'rejected', problem: deleted };
  if (args.baseVersion > current.version) return { kind: 'rejected', problem: newerThanServer };
  const sortOrder = args.fields.sortOrder;
  if (sortOrder === current.sortOrder) return { kind: 'unchanged', row: current };
  const edits: TemplateEdit[] = [
    { field: 'sortOrder', oldValue: current.sortOrder, newValue: sortOrder },
  ];
  return {
    kind: 'written',
    row: { ...touched(current, author), sortOrder },
    version: undefined,
    edits,
    overwrites: overwritesOf(edits, changesSinceBase(view, current, args.baseVersion)),
  };
}

/** Soft delete: records written against the template keep working. */
export function deleteTemplate(
  view: TemplateView,
  args: TemplateIdArgs,
  author: Author,
): TemplateOutcome {
  const current = ownTemplate(view, args.id);
  if (!current) return { kind: 'rejected', problem: notFound };
  if (current.deletedAt) return { kind: 'unchanged', row: current };
  const row = { ...touched(current, author), deletedAt: author.at, deletedBy: author.userId };
  return { kind: 'written', row, version: undefined, edits: [], overwrites: [] };
}

export function restoreTemplate(
  view: TemplateView,
  args: TemplateIdArgs,
  author: Author,
): TemplateOutcome {
  const current = ownTemplate(view, args.id);
  if (!current) return { kind: 'rejected', problem: notFound };
  if (!current.deletedAt) return { kind: 'unchanged', row: current };
  const row = { ...touched(current, author), deletedAt: null, deletedBy: null };
  return { kind: 'written', row, version: undefined, edits: [], overwrites: [] };
}
