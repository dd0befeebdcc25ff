import type { Overwrite } from '@bedside/shared';
import type { FieldChangeSummary } from '../storage/history-queries.ts';

export type FieldEdit = { field: string; oldValue: unknown; newValue: unknown };

/**
 * The edits that overwrite a change another push made to the same field after the mutation's
 * base version (`changesSince`, oldest first): the later arrival wins, and the value it replaces
 * is kept, with who wrote it and when, so both devices can be told.
 */
export function overwritesOf<F extends string>(
  edits: readonly (FieldEdit & { field: F })[],
  changesSince: readonly FieldChangeSummary[],
): (Overwrite & { field: F })[] {
  const lastChangeOf = new Map(changesSince.map((change) => [change.field, change]));
  return edits.flatMap((edit) => {
    const other = lastChangeOf.get(edit.field);
    return other
      ? [
          {
            field: edit.field,
            keptValue: edit.oldValue,
            keptBy: other.changedBy,
            keptAt: other.changedAt,
          },
        ]
      : [];
  });
}

/** Changes other pushes made to the row after `baseVersion`; none when the base is current. */
export function changesSinceBase(
  view: { changesAfter(rowId: string, baseVersion: number): FieldChangeSummary[] },
  row: { id: string; version: number },
  baseVersion: number,
): FieldChangeSummary[] {
  return baseVersion < row.version ? view.changesAfter(row.id, baseVersion) : [];
}
