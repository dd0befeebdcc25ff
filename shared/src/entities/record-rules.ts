import { makeProblem } from '../problems.ts';
import type { RecordData } from '../record-values.ts';
import { RecordIdArgs, type ClinicalRecord, type RecordStatus } from '../records.ts';
import {
  defineMutation,
  type Author,
  type Draft,
  type Need,
  type Outcome,
  type RuleView,
  type SideWrite,
} from '../sync/entity-definition.ts';
import { ownRow, rejected, rowNeed, touched, written } from '../sync/mutation-kit.ts';
import type { TemplateVersion } from '../templates.ts';
import { listedPhotos } from './record-photos.ts';

/** What the record mutations share: their problems, the version and photos they read, and how signing is recorded. */
const table = 'records';

export const recordNotFound = makeProblem(
  'not-found',
  404,
  'This record does not exist on the server.',
);
export const signed = makeProblem(
  'record-finalized',
  409,
  'This record has been signed. Add an addendum instead.',
);
/**
 * A stored record's version is always there on the server (a foreign key); a device that lacks
 * it leaves the record as it is rather than failing the sync step that replays it.
 */
export const versionMissing = makeProblem(
  'not-found',
  404,
  'The template version of this record is not here yet.',
);
export const notSigned = makeProblem(
  'record-not-finalized',
  409,
  'Only a signed record can be archived; delete a draft instead.',
);

/** The clinic's template version with this id. */
export function versionOf(view: RuleView, id: string | undefined): TemplateVersion | undefined {
  return id === undefined ? undefined : ownRow(view, 'templateVersions', id);
}

/** The record's version, and the photos `data` lists under it: read once the version is. */
export function versionAndPhotoNeeds(view: RuleView, versionId: string, data: RecordData): Need[] {
  const version = versionOf(view, versionId);
  const photos = version ? listedPhotos(version.fields, data).flatMap(({ ids }) => ids) : [];
  return [rowNeed('templateVersions', versionId), ...photos.map((id) => rowNeed('photos', id))];
}

/**
 * The pending photos `data` lists become committed with the record, with new versions, so every
 * device sees them leave "pending".
 */
export function commitListedPhotos(
  view: RuleView,
  version: TemplateVersion,
  data: RecordData,
  author: Author,
): SideWrite[] {
  return listedPhotos(version.fields, data).flatMap(({ ids }) =>
    ids.flatMap((id): SideWrite[] => {
      const photo = view.row('photos', id);
      if (photo?.status !== 'pending') return [];
      const row = { ...touched(photo, author), status: 'committed' as const };
      return [{ table: 'photos', row, audit: 'photo.commit' }];
    }),
  );
}

/** The answers without the cleared ones: a null answer is stored as no answer. */
export function answered(data: RecordData): RecordData {
  return Object.fromEntries(Object.entries(data).filter(([, value]) => value !== null));
}

export function answerOf(data: RecordData, fieldId: string): unknown {
  return Object.hasOwn(data, fieldId) ? data[fieldId] : null;
}

/** Signing and archiving are recorded in history as a change of `_status`. */
export function statusChange(row: Draft<'records'>, from: RecordStatus): Outcome<'records'> {
  return written(row, [{ field: '_status', oldValue: from, newValue: row.status }]);
}

/** A status change of a signed record, the only kind it takes: `change` decides from the status. */
export function statusMutation(
  change: (current: ClinicalRecord, author: Author) => Outcome<'records'>,
) {
  return defineMutation({
    table,
    capability: 'clinical.write',
    args: RecordIdArgs,
    needs: (args) => [rowNeed(table, args.id)],
    decide(view, args, author) {
      const current = ownRow(view, table, args.id);
      return current ? change(current, author) : rejected(recordNotFound);
    },
  });
}
