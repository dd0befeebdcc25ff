import { uuidv7 } from 'uuidv7';
import type { Conflict, ConflictEntity, MutationResult, Overwrite } from '@bedside/shared';
import { insertAuditEventsWrite } from '../storage/audit-queries.ts';
import { insertConflictsWrite } from '../storage/conflict-queries.ts';
import type { Db } from '../storage/db.ts';
import {
  insertFieldChangesWrite,
  selectFieldChangesAfter,
  type FieldChange,
  type FieldChangeSummary,
} from '../storage/history-queries.ts';
import type { Write } from '../storage/write.ts';
import type { Actor } from './deps.ts';
import type { FieldEdit } from './overwrites.ts';

/** What the rules stamp on a row they write: who, and when (the push's time). */
export type Author = { userId: string; at: string };

/** A synced row's next version, changed by `author`: what every write of a row stamps on it. */
export function touched<Row extends { version: number; updatedAt: string; updatedBy: string }>(
  row: Row,
  author: Author,
): Row {
  return { ...row, version: row.version + 1, updatedAt: author.at, updatedBy: author.userId };
}

export type BatchResult = Omit<MutationResult, 'id' | 'seq'>;

/** One entity's run of mutations, decided; see `preparePatientMutations`. */
export type PreparedBatch = {
  results: BatchResult[];
  /** How many change numbers the batch took after the counter value it was given. */
  changesTaken: number;
  /** The batch's bulk writes, for the caller to send in one statement with its own. */
  writes: Write[];
};

/**
 * The version each row had before this push first wrote it (0: the push created it), by entity
 * and id. A push that mixes entities runs in steps, and a later step reads rows an earlier one
 * wrote; their changes come from this very device and must never count as another's.
 */
export type EarlierWrites = Map<string, number>;

export type BatchOptions = {
  /** See `preparePatientMutations`. */
  assumeNewIds: boolean;
  earlier: EarlierWrites;
};

/** The version the row had when this push started. */
export function versionBeforePush(
  earlier: EarlierWrites,
  entity: string,
  row: { id: string; version: number },
): number {
  return earlier.get(`${entity}:${row.id}`) ?? row.version;
}

/**
 * One entity's rows during a run: as stored before it (which decides insert or update, and the
 * version later runs must treat as this push's own) and as the run leaves them.
 */
export function runRows<Row extends { id: string; clinicId: string; version: number }>(
  storedRows: readonly Row[],
) {
  const stored = new Map(storedRows.map((row) => [row.id, row]));
  const current = new Map(stored);
  return {
    stored: (id: string) => stored.get(id),
    get: (id: string) => current.get(id),
    put: (row: Row) => void current.set(row.id, row),
    /** Whether the row was on the server before this batch. */
    wasStored: (id: string) => stored.has(id),
    storedVersion: (id: string) => stored.get(id)?.version,
    /** The clinic's stored rows these updates are based on, as `loadChangesByOthers` takes them. */
    updateBases(clinicId: string, updates: readonly { id: string; baseVersion: number }[]) {
      return updates.flatMap(({ id, baseVersion }) => {
        const row = stored.get(id);
        return row?.clinicId === clinicId ? [{ row, baseVersion }] : [];
      });
    },
    /** What the run wrote: rows to insert (new to the server) and rows to update. */
    split(written: Iterable<Row>): { created: Row[]; changed: Row[] } {
      const rows = [...written];
      return {
        created: rows.filter((row) => !stored.has(row.id)),
        changed: rows.filter((row) => stored.has(row.id)),
      };
    },
  };
}

/** Records the rows a step wrote, keeping the version of the first write. */
export function noteWritten(
  earlier: EarlierWrites,
  entity: string,
  rows: Iterable<{ id: string }>,
  storedVersion: (id: string) => number | undefined,
): void {
  for (const { id } of rows) {
    const key = `${entity}:${id}`;
    if (!earlier.has(key)) earlier.set(key, storedVersion(id) ?? 0);
  }
}

/**
 * The field changes other pushes made to these stored rows after each update's base version,
 * read in one query and only for updates based on an older version than the stored one.
 */
export async function loadChangesByOthers(
  tx: Db,
  clinicId: string,
  entity: string,
  updates: { row: { id: string; version: number }; baseVersion: number }[],
  earlier: EarlierWrites,
): Promise<(rowId: string, baseVersion: number) => FieldChangeSummary[]> {
  const versionAtStart = new Map<string, number>();
  const oldestBase = new Map<string, number>();
  for (const { row, baseVersion } of updates) {
    const atStart = versionBeforePush(earlier, entity, row);
    if (baseVersion >= atStart) continue;
    versionAtStart.set(row.id, atStart);
    oldestBase.set(row.id, Math.min(baseVersion, oldestBase.get(row.id) ?? Infinity));
  }
  if (oldestBase.size === 0) return () => [];
  const history = await selectFieldChangesAfter(
    tx,
    clinicId,
    entity,
    [...oldestBase].map(([rowId, baseVersion]) => ({ rowId, baseVersion })),
  );
  const historyOf = new Map<string, FieldChangeSummary[]>();
  for (const change of history) {
    const changes = historyOf.get(change.rowId) ?? [];
    changes.push(change);
    historyOf.set(change.rowId, changes);
  }
  return (rowId, baseVersion) =>
    (historyOf.get(rowId) ?? []).filter(
      (c) => c.version > baseVersion && c.version <= (versionAtStart.get(rowId) ?? 0),
    );
}

export type AuditTrail = {
  /** Notes that `action` (a mutation name) touched row `id` of `entity`. */
  add(entity: string, action: string, id: string): void;
  /** One event per entity and kind of change, naming every row it touched; none if nothing. */
  writes(): Write[];
};

/** Collects a batch's audit events: who, what, which ids, when; never the content. */
export function auditTrail(actor: Actor, at: string): AuditTrail {
  const ids = new Map<string, { entity: string; action: string; entityIds: string[] }>();
  return {
    add(entity, action, id) {
      const key = `${entity} ${action}`;
      const event = ids.get(key) ?? { entity, action, entityIds: [] };
      event.entityIds.push(id);
      ids.set(key, event);
    },
    writes() {
      if (ids.size === 0) return [];
      const write = insertAuditEventsWrite(
        [...ids.values()].map((event) => ({
          id: uuidv7(),
          clinicId: actor.clinicId,
          userId: actor.userId,
          requestId: actor.requestId,
          at,
          ...event,
        })),
      );
      return [write];
    },
  };
}

export type RowHistory = {
  /**
   * Keeps what a mutation changed in a row it wrote (a field change per edit, at the row's new
   * version) and what it overwrote (a conflict per overwrite, numbered by `nextSeq` after the
   * row), and answers the mutation's result.
   */
  add(
    row: { id: string; version: number } & Record<string, unknown>,
    edits: readonly FieldEdit[],
    overwrites: readonly Overwrite[],
    nextSeq: () => number,
  ): BatchResult;
  /** The run's inserts into field_history and conflicts, if any. */
  writes(): Write[];
};

/** The history one run of one entity's mutations writes; see `RowHistory`. */
export function rowHistory(actor: Actor, at: string, entity: ConflictEntity): RowHistory {
  const fieldChanges: FieldChange[] = [];
  const conflicts: Conflict[] = [];
  return {
    add(row, edits, overwrites, nextSeq) {
      for (const edit of edits) {
        fieldChanges.push({
          id: uuidv7(),
          clinicId: actor.clinicId,
          entity,
          rowId: row.id,
          version: row.version,
          ...edit,
          changedBy: actor.userId,
          changedAt: at,
        });
      }
      for (const overwrite of overwrites) {
        conflicts.push({
          id: uuidv7(),
          clinicId: actor.clinicId,
          entity,
          rowId: row.id,
          field: overwrite.field,
          keptValue: overwrite.keptValue,
          keptBy: overwrite.keptBy,
          keptAt: overwrite.keptAt,
          winningValue: edits.find((edit) => edit.field === overwrite.field)?.newValue,
          winningBy: actor.userId,
          createdAt: at,
          version: 1,
          deletedAt: null,
          changeSeq: nextSeq(),
        });
      }
      return overwrites.length > 0
        ? { status: 'conflict', row, overwrites: [...overwrites] }
        : { status: 'applied', row };
    },
    writes() {
      const writes: Write[] = [];
      if (fieldChanges.length > 0) writes.push(insertFieldChangesWrite(fieldChanges));
      if (conflicts.length > 0) writes.push(insertConflictsWrite(conflicts));
      return writes;
    },
  };
}
