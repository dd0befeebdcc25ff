import { makeProblem } from '../problems.ts';
import { AddendumCreateArgs } from '../records.ts';
import { defineEntity, defineMutation } from '../sync/entity-definition.ts';
import {
  alreadyExists,
  createdMeta,
  freshRowNeed,
  ownRow,
  rejected,
  rowNeed,
  written,
} from '../sync/mutation-kit.ts';
import { recordNotFound } from './record-rules.ts';

const table = 'addenda';

/** Notes under a signed (or archived) record; a draft is edited instead. Never change after. */
export const addendumEntity = defineEntity({
  table,
  readCapability: 'clinical.read',
  mutations: {
    'addendum.create': defineMutation({
      table,
      capability: 'clinical.write',
      args: AddendumCreateArgs,
      needs: (args) => [freshRowNeed(table, args.id), rowNeed('records', args.recordId)],
      decide(view, args, author) {
        if (view.row(table, args.id)) return rejected(alreadyExists('addendum'));
        const record = ownRow(view, 'records', args.recordId);
        if (!record) return rejected(recordNotFound);
        if (record.status === 'draft') {
          return rejected(
            makeProblem(
              'record-not-finalized',
              409,
              'Edit the draft instead of adding an addendum.',
            ),
          );
        }
        return written({
          ...createdMeta(args.id, view.clinicId, author),
          recordId: record.id,
          patientId: record.patientId,
          text: args.text,
        });
      },
    }),
  },
});
