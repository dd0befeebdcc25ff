import { jsonEqual, problemCode, type RecordData, type TemplateField } from '@bedside/shared';
import { db, type RejectedMutation } from '$lib/db/database';
import { displayLines } from '$lib/records/record-values';
import { inCreationOrder } from '$lib/sync/outbox';
import { localWriteTables, rebuildViews } from '$lib/sync/views';
import type { RecordDetail } from './record-queries';

/** Edits of this record the server refused because it had been signed meanwhile. */
function refusedAsSigned(rejected: readonly RejectedMutation[]): RejectedMutation[] {
  return rejected
    .filter(
      (mutation) =>
        mutation.name === 'record.update' && problemCode(mutation.problem) === 'record-finalized',
    )
    .sort(inCreationOrder);
}

/**
 * A plain summary of this device's edits the server refused because the record was signed
 * elsewhere, one line per field in the template's order ("Pain score: 4 → 6"), to start an
 * addendum with. Empty when there are none, or when they match what was signed.
 */
export function addendumTextFromRejected(detail: RecordDetail): string {
  const edits: RecordData = Object.assign(
    {},
    ...refusedAsSigned(detail.rejected).map((mutation) => dataOf(mutation.args)),
  );
  const fields = detail.version?.fields ?? [];
  const order = (fieldId: string) => {
    const index = fields.findIndex((field) => field.id === fieldId);
    return index === -1 ? fields.length : index;
  };
  return Object.entries(edits)
    .filter(([fieldId, value]) => !jsonEqual(detail.record.data[fieldId] ?? null, value ?? null))
    .sort(([a], [b]) => order(a) - order(b))
    .map(([fieldId, value]) => {
      const field = fields.find((candidate) => candidate.id === fieldId);
      const signed = valueText(field, detail.record.data[fieldId]);
      return `${field?.label ?? fieldId}: ${signed} → ${valueText(field, value)}`;
    })
    .join('\n');
}

function valueText(field: TemplateField | undefined, value: unknown): string {
  if (value === null || value === undefined) return '(empty)';
  if (!field) return typeof value === 'string' ? value : JSON.stringify(value);
  return displayLines(field, value).join('; ') || '(empty)';
}

function dataOf(args: Record<string, unknown>): RecordData {
  const data = args['data'];
  return typeof data === 'object' && data !== null && !Array.isArray(data) ? { ...data } : {};
}

/**
 * Drops this device's refused edits of a record (after they went into an addendum, or when the
 * user lets them go): the record then shows as the server has it, with nothing needing attention.
 */
export async function discardRejectedRecordEdits(recordId: string): Promise<void> {
  const database = db;
  await database.transaction('rw', localWriteTables(database), async () => {
    const edits = await database.rejected
      .where('entityId')
      .equals(recordId)
      .filter((mutation) => mutation.name === 'record.update')
      .primaryKeys();
    await database.rejected.bulkDelete(edits);
    await rebuildViews(database, 'records', [recordId]);
  });
}
