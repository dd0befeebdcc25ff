import {
  makeProblem,
  type AddendumCreateArgs,
  type Problem,
  type RecordAddendum,
} from '@bedside/shared';
import type { Author } from './batch.ts';
import { ownRecord, recordNotFound, type RecordView } from './record-rules.ts';

export type AddendumView = RecordView & {
  /** Whether an addendum (of any clinic) has this id. */
  addendumTaken(id: string): boolean;
};

export type AddendumOutcome =
  | { kind: 'rejected'; problem: Problem }
  | { kind: 'written'; row: Omit<RecordAddendum, 'changeSeq'> };

/** A note under a signed (or archived) record; a draft is edited instead. Never changes after. */
export function createAddendum(
  view: AddendumView,
  args: AddendumCreateArgs,
  author: Author,
): AddendumOutcome {
  if (view.addendumTaken(args.id)) {
    return {
      kind: 'rejected',
      problem: makeProblem('conflict', 409, 'This addendum already exists.'),
    };
  }
  const record = ownRecord(view, args.recordId);
  if (!record) return { kind: 'rejected', problem: recordNotFound };
  if (record.status === 'draft') {
    return {
      kind: 'rejected',
      problem: makeProblem(
        'record-not-finalized',
        409,
        'Edit the draft instead of adding an addendum.',
      ),
    };
  }
  return {
    kind: 'written',
    row: {
      id: args.id,
      clinicId: view.clinicId,
      recordId: record.id,
      patientId: record.patientId,
      text: args.text,
      createdAt: author.at,
      createdBy: author.userId,
      updatedAt: author.at,
      updatedBy: author.userId,
      version: 1,
      deletedAt: null,
      deletedBy: null,
    },
  };
}
