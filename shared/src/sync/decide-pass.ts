import { makeProblem } from '../problems.ts';
import type { MutationResult, Overwrite, SyncTables } from '../sync-protocol.ts';
import { LoadedState, WorkingState } from './batch-state.ts';
import type {
  Author,
  Draft,
  EntityTableName,
  FieldEdit,
  Need,
  RuleView,
  SideWrite,
} from './entity-definition.ts';
import { mutationDefinition, type MutationName } from './registry.ts';

/** Stands in for a mutation a pass could not decide; such a pass is never the final one. */
const notReadYet = makeProblem('internal', 500, 'Not decided yet.');

/** A mutation whose args passed its schema; `author` when not the batch's (a device's outbox). */
export type CheckedMutation = { name: MutationName; args: unknown; author?: Author };

/** A row a pass wrote, with what its mutation changed and overwrote. */
type WrittenChange = { table: EntityTableName; row: SyncTables[EntityTableName]; author: Author };

export type BatchResult = Omit<MutationResult, 'id' | 'seq'>;

/** Who pushes, from which device, into which clinic, and where the clinic's counter stands. */
export type BatchContext = {
  clinicId: string;
  clientId: string;
  author: Author;
  lockedSeq: number;
  /** Under this assumption, ids devices made for new rows are not looked up (see `planBatch`). */
  assumeNewIds: boolean;
};

/** One pass over the batch: every outcome, and what it would write. */
export type Pass = {
  results: BatchResult[];
  state: WorkingState;
  /** Change numbers taken after `lockedSeq`. */
  changesTaken: number;
  /** Every field a mutation changed, at the version of the row it wrote. */
  edits: (WrittenChange & { edit: FieldEdit })[];
  /** Every value another device wrote that a mutation overwrote, with the conflict's number. */
  overwrites: (WrittenChange & {
    overwrite: Overwrite;
    winningValue: unknown;
    changeSeq: number;
  })[];
  audits: { table: EntityTableName; action: string; id: string }[];
};

/**
 * Decides every mutation in seq order against what was read (`loaded`) plus what earlier
 * mutations of the batch wrote, in memory. Whatever a rule asked that was not read is left in
 * `state.misses`: the pass is then only a guess, to be run again once that is read.
 */
export function decidePass(
  loaded: LoadedState,
  context: BatchContext,
  mutations: readonly CheckedMutation[],
): Pass {
  const state = new WorkingState(loaded, context.clientId);
  const view: RuleView = {
    clinicId: context.clinicId,
    row: <T extends EntityTableName>(table: T, id: string) =>
      // The state keeps each row under its own table.
      state.row(table, id) as SyncTables[T] | undefined,
    holder: (table, key, value) => state.holder(table, key, value),
    changesAfter: (table, id, baseVersion) => state.changesAfter(table, id, baseVersion),
    isMember: (userId) => state.isMember(userId),
    rowsOfPatient: (table, patientId) => state.rowsOfPatient(table, patientId),
  };
  let changeSeq = context.lockedSeq;
  const pass: Omit<Pass, 'changesTaken'> = {
    results: [],
    state,
    edits: [],
    overwrites: [],
    audits: [],
  };

  for (const mutation of mutations) {
    const definition = mutationDefinition(mutation.name);
    const table = definition.table;
    let unread = false;
    for (const need of definition.needs(mutation.args, view)) {
      if (loaded.has(need)) continue;
      // A create's own id, under the assumption that it is new: nothing to read.
      if (need.kind === 'row' && need.fresh && context.assumeNewIds) {
        loaded.putRow(need.table, need.id, null);
      } else {
        state.miss(need);
        unread = true;
      }
    }
    // This pass is a guess already; the rule is asked once what it needs is read.
    if (unread) {
      pass.results.push({ status: 'rejected', problem: notReadYet });
      continue;
    }
    const author = mutation.author ?? context.author;
    const outcome = definition.decide(view, mutation.args, author);
    if (outcome.kind === 'rejected') {
      pass.results.push({ status: 'rejected', problem: outcome.problem });
      continue;
    }
    if (outcome.kind === 'unchanged') {
      pass.audits.push({ table, action: mutation.name, id: outcome.row.id });
      pass.results.push({ status: 'applied', table, row: outcome.row });
      continue;
    }

    const putSide = (side: SideWrite) => {
      const sideRow = numbered(side.row, ++changeSeq);
      state.put(side.table, sideRow);
      if (side.audit) pass.audits.push({ table: side.table, action: side.audit, id: sideRow.id });
    };
    outcome.before?.forEach(putSide);
    const row = numbered(outcome.row, ++changeSeq);
    state.put(table, row);
    state.noteEdits(
      table,
      row,
      outcome.edits.map((edit) => edit.field),
    );
    pass.audits.push({ table, action: mutation.name, id: row.id });
    outcome.after?.forEach(putSide);
    for (const edit of outcome.edits) pass.edits.push({ table, row, author, edit });
    for (const overwrite of outcome.overwrites) {
      const winningValue = outcome.edits.find((edit) => edit.field === overwrite.field)?.newValue;
      pass.overwrites.push({ table, row, author, overwrite, winningValue, changeSeq: ++changeSeq });
    }
    pass.results.push(
      outcome.overwrites.length > 0
        ? { status: 'conflict', table, row, overwrites: [...outcome.overwrites] }
        : { status: 'applied', table, row },
    );
  }
  return { ...pass, changesTaken: changeSeq - context.lockedSeq };
}

/** A dependency chain deeper than this (record → version → photos is three) is a bug. */
const maxPasses = 8;

/**
 * Runs passes until one asks for nothing unread, and answers that final pass. Between passes
 * `load` reads what the last one missed into `loaded`; it may answer undefined when it could
 * answer everything at once (the device's IndexedDB transactions must not await nothing).
 *
 * @example const pass = await settledPass(loaded, context, mutations, (misses) => read(misses))
 */
export async function settledPass(
  loaded: LoadedState,
  context: BatchContext,
  mutations: readonly CheckedMutation[],
  load: (misses: readonly Need[]) => Promise<unknown> | undefined,
): Promise<Pass> {
  for (let passes = 1; passes <= maxPasses; passes++) {
    const pass = decidePass(loaded, context, mutations);
    if (pass.state.misses.length === 0) return pass;
    const loading = load(pass.state.misses);
    if (loading) await loading;
  }
  throw new Error(`a batch still needed rows after ${maxPasses} passes`);
}

/** A rule's row with its change number: a row of its own table, whichever that is. */
function numbered(row: Draft<EntityTableName>, changeSeq: number): SyncTables[EntityTableName] {
  return { ...row, changeSeq } as SyncTables[EntityTableName];
}
