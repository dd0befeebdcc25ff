import {
  makeProblem,
  type Overwrite,
  type Photo,
  type PhotoCreateArgs,
  type PhotoIdArgs,
  type PhotoUpdateArgs,
  type Problem,
} from '@bedside/shared';
import type { FieldChangeSummary } from '../storage/history-queries.ts';
import { touched, type Author } from './batch.ts';
import { changesSinceBase, overwritesOf } from './overwrites.ts';

/** What the rules may ask about the clinic's photos, as of this point in the batch. */
export type PhotoView = {
  clinicId: string;
  /** The photo with this id in ANY clinic, so an id taken elsewhere is refused without saying so. */
  photo(id: string): Photo | undefined;
  /** Whether the clinic has this patient (deleted or not). */
  hasPatient(id: string): boolean;
  /** Field changes other pushes made after `baseVersion`, oldest first. */
  changesAfter(rowId: string, baseVersion: number): FieldChangeSummary[];
};

/** The fields a clinician edits; everything else about a photo is fixed at capture. */
export const photoEditableFields = ['bodySite', 'laterality', 'description'] as const;
export type PhotoEditableField = (typeof photoEditableFields)[number];

export type PhotoDraft = Omit<Photo, 'changeSeq'>;
export type PhotoEdit = { field: PhotoEditableField; oldValue: unknown; newValue: unknown };

export type PhotoOutcome =
  | { kind: 'rejected'; problem: Problem }
  | { kind: 'unchanged'; row: Photo }
  | { kind: 'written'; row: PhotoDraft; edits: PhotoEdit[]; overwrites: Overwrite[] };

export const photoNotFound = makeProblem(
  'not-found',
  404,
  'This photo does not exist on the server.',
);

function rejected(problem: Problem): PhotoOutcome {
  return { kind: 'rejected', problem };
}

function ownPhoto(view: PhotoView, id: string): Photo | undefined {
  const row = view.photo(id);
  return row?.clinicId === view.clinicId ? row : undefined;
}

/** A new version of the row by this author: every change to a photo goes through here. */

/** The row of a photo the device captured; its bytes come later, through the upload routes. */
export function createPhoto(view: PhotoView, args: PhotoCreateArgs, author: Author): PhotoOutcome {
  if (view.photo(args.id))
    return rejected(makeProblem('conflict', 409, 'This photo already exists.'));
  if (!view.hasPatient(args.patientId))
    return rejected(makeProblem('not-found', 404, 'This patient does not exist on the server.'));
  const row: PhotoDraft = {
    id: args.id,
    clinicId: view.clinicId,
    patientId: args.patientId,
    kind: args.kind,
    contentType: args.contentType,
    byteSize: args.byteSize,
    width: args.width ?? null,
    height: args.height ?? null,
    sha256: args.sha256,
    capturedAt: new Date(args.capturedAt).toISOString(),
    bodySite: args.bodySite ?? null,
    laterality: args.laterality ?? null,
    description: args.description ?? null,
    status: args.commit ? 'committed' : 'pending',
    uploadedAt: null,
    createdAt: author.at,
    createdBy: author.userId,
    updatedAt: author.at,
    updatedBy: author.userId,
    version: 1,
    deletedAt: null,
    deletedBy: null,
  };
  return { kind: 'written', row, edits: [], overwrites: [] };
}

/**
 * Changes only the fields sent, merged like a patient's: a field another device changed since
 * `baseVersion` is overwritten (the later arrival wins) and reported.
 */
export function updatePhoto(view: PhotoView, args: PhotoUpdateArgs, author: Author): PhotoOutcome {
  const current = ownPhoto(view, args.id);
  if (!current) return rejected(photoNotFound);
  if (current.deletedAt) {
    return rejected(
      makeProblem(
        'deleted',
        409,
        'This photo was deleted on another device. Restore it to apply your change.',
      ),
    );
  }
  if (args.baseVersion > current.version) {
    return rejected(
      makeProblem(
        'conflict',
        409,
        'This device has a newer copy of the photo than the server. Sync again, then retry.',
      ),
    );
  }
  const edits: PhotoEdit[] = [];
  for (const field of photoEditableFields) {
    const value = args.fields[field];
    if (value !== undefined && value !== current[field])
      edits.push({ field, oldValue: current[field], newValue: value });
  }
  if (edits.length === 0) return { kind: 'unchanged', row: current };

  const overwrites = overwritesOf(edits, changesSinceBase(view, current, args.baseVersion));
  const changed = Object.fromEntries(edits.map((edit) => [edit.field, edit.newValue]));
  return {
    kind: 'written',
    row: { ...touched(current, author), ...changed },
    edits,
    overwrites,
  };
}

/** Pending → committed; a committed photo stays as it is. */
export function commitPhoto(view: PhotoView, args: PhotoIdArgs, author: Author): PhotoOutcome {
  const current = ownPhoto(view, args.id);
  if (!current) return rejected(photoNotFound);
  if (current.status === 'committed') return { kind: 'unchanged', row: current };
  return {
    kind: 'written',
    row: { ...touched(current, author), status: 'committed' },
    edits: [],
    overwrites: [],
  };
}

/** Soft delete: galleries hide it, records that list it say "photo deleted". */
export function deletePhoto(view: PhotoView, args: PhotoIdArgs, author: Author): PhotoOutcome {
  const current = ownPhoto(view, args.id);
  if (!current) return rejected(photoNotFound);
  if (current.deletedAt) return { kind: 'unchanged', row: current };
  const row = { ...touched(current, author), deletedAt: author.at, deletedBy: author.userId };
  return { kind: 'written', row, edits: [], overwrites: [] };
}

export function restorePhoto(view: PhotoView, args: PhotoIdArgs, author: Author): PhotoOutcome {
  const current = ownPhoto(view, args.id);
  if (!current) return rejected(photoNotFound);
  if (!current.deletedAt) return { kind: 'unchanged', row: current };
  const row = { ...touched(current, author), deletedAt: null, deletedBy: null };
  return { kind: 'written', row, edits: [], overwrites: [] };
}
