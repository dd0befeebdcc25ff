import { uuidv7 } from 'uuidv7';
import * as v from 'valibot';
import { recordNotFound, Uuid, type RecordData, type RecordHistoryEntry } from '@bedside/shared';
import { insertAuditEvents } from '../../storage/audit-queries.ts';
import { selectRowHistory, type FieldChange } from '../../storage/history-queries.ts';
import { selectClinicRecord } from '../../storage/record-queries.ts';
import { openRows, phiTables } from '../../phi/phi-fields.ts';
import type { Actor, PhiDeps, Result } from '../deps.ts';

const dataPrefix = 'data.';

/**
 * Every version of one of the clinic's records, oldest first: the create as version 1 with the
 * answers it was written with, then each later change. Another clinic's record is not found,
 * exactly like an unknown id. Audited as a read of the record.
 */
export async function recordHistory(
  deps: PhiDeps,
  actor: Actor,
  recordId: string,
): Promise<Result<{ entries: RecordHistoryEntry[] }>> {
  if (!v.is(Uuid, recordId)) return { ok: false, problem: recordNotFound };
  const row = { clinicId: actor.clinicId, entity: 'records', rowId: recordId };
  const [stored, storedChanges, cipher] = await Promise.all([
    selectClinicRecord(deps.db, actor.clinicId, recordId),
    selectRowHistory(deps.db, row),
    deps.phi.opener(deps.db, actor.clinicId),
  ]);
  if (!stored) return { ok: false, problem: recordNotFound };
  const [record = stored] = openRows(cipher, phiTables.records, [stored]);
  const changes = openRows(cipher, phiTables.fieldHistory, storedChanges);

  await insertAuditEvents(deps.db, [
    {
      id: uuidv7(),
      clinicId: actor.clinicId,
      userId: actor.userId,
      action: 'record.history',
      entity: 'records',
      entityIds: [record.id],
      requestId: actor.requestId,
      at: deps.clock().toISOString(),
    },
  ]);
  const created: RecordHistoryEntry = {
    version: 1,
    changedAt: record.createdAt,
    changedBy: record.createdBy,
    // By field id, like the changes of later versions: the stored data keeps no key order.
    changes: Object.entries(initialData(record.data, changes))
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([fieldId, value]) => ({ fieldId, oldValue: null, newValue: value })),
  };
  return { ok: true, value: { entries: [created, ...laterVersions(changes)] } };
}

/** The answers the record was created with: today's, with every later change undone. */
function initialData(current: RecordData, changes: FieldChange[]): RecordData {
  const data = { ...current };
  for (const change of changes.toReversed()) {
    if (!change.field.startsWith(dataPrefix)) continue;
    const fieldId = change.field.slice(dataPrefix.length);
    if (change.oldValue === null) delete data[fieldId];
    else data[fieldId] = change.oldValue;
  }
  return data;
}

/** The recorded changes, one entry per version. */
function laterVersions(changes: FieldChange[]): RecordHistoryEntry[] {
  const entries: RecordHistoryEntry[] = [];
  for (const change of changes) {
    let entry = entries.at(-1);
    if (entry?.version !== change.version) {
      entry = {
        version: change.version,
        changedAt: change.changedAt,
        changedBy: change.changedBy,
        changes: [],
      };
      entries.push(entry);
    }
    entry.changes.push({
      fieldId: change.field.startsWith(dataPrefix)
        ? change.field.slice(dataPrefix.length)
        : change.field,
      oldValue: change.oldValue,
      newValue: change.newValue,
    });
  }
  return entries;
}
