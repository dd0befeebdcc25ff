import type {
  ClinicalRecord,
  RecordAddendum,
  RecordHistoryEntry,
  TemplateVersion,
} from '@bedside/shared';
import Dexie, { liveQuery, type Observable } from 'dexie';
import { failureFromError, type ActionResult } from '$lib/api/action-result';
import { apiFetch } from '$lib/api/client';
import { db, type RejectedMutation, type StoredConflict } from '$lib/db/database';
import { inCreationOrder } from '$lib/sync/outbox';
import { problemList, type ProblemListEntry } from './problem-list';
import { recordPreview, type RecordPreview } from './record-preview';

/** Where a record's changes are: all on the server, waiting to go, or refused by the server. */
export type RecordSyncState = 'synced' | 'pending' | 'rejected';

export type RecordListItem = {
  record: ClinicalRecord;
  templateName: string;
  /** The number of the template version it was written with; null while that is not here. */
  versionNumber: number | null;
  authorName: string | null;
  addendaCount: number;
  syncState: RecordSyncState;
  /** What was written, for the row (empty until the template version is here). */
  preview: RecordPreview;
};

export type RecordDetail = {
  record: ClinicalRecord;
  /** The template version it was written with (undefined until it arrives). */
  version: TemplateVersion | undefined;
  /** Oldest first. */
  addenda: RecordAddendum[];
  syncState: RecordSyncState;
  /** This device's refused changes of the record and of its addenda, oldest first. */
  rejected: RejectedMutation[];
  /** Same-field overwrites on this record the user has not dismissed, oldest first. */
  conflicts: StoredConflict[];
};

/** The patient's problem list, gathered from the signed notes on this device; live. */
export function watchProblemList(patientId: string): Observable<ProblemListEntry[]> {
  return liveQuery(async () => {
    const records = (
      await db.records
        .where('[patientId+createdAt]')
        .between([patientId, Dexie.minKey], [patientId, Dexie.maxKey])
        .toArray()
    ).filter((record) => record.status !== 'draft' && record.deletedAt === null);
    const versionById = byId(
      await db.templateVersions.bulkGet(unique(records.map((record) => record.templateVersionId))),
    );
    return problemList(
      records.flatMap((record) => {
        const version = versionById.get(record.templateVersionId);
        return version ? [{ record, fields: version.fields }] : [];
      }),
    );
  });
}

export const HISTORY_OFFLINE_MESSAGE = 'History needs a connection to the server.';

/** A patient's records, newest first, with what the list shows about each; live. */
export function watchPatientRecords(
  patientId: string,
  options: { includeDeleted: boolean },
): Observable<RecordListItem[]> {
  return liveQuery(async () => {
    const records = (
      await db.records
        .where('[patientId+createdAt]')
        .between([patientId, Dexie.minKey], [patientId, Dexie.maxKey])
        .reverse()
        .toArray()
    ).filter((record) => options.includeDeleted || record.deletedAt === null);
    const [versions, templates, authors, addenda] = await Promise.all([
      db.templateVersions.bulkGet(unique(records.map((record) => record.templateVersionId))),
      db.templates.bulkGet(unique(records.map((record) => record.templateId))),
      db.users.bulkGet(unique(records.map((record) => record.createdBy))),
      db.addenda.where('patientId').equals(patientId).toArray(),
    ]);
    const versionById = byId(versions);
    const templateById = byId(templates);
    const authorById = byId(authors);
    const addendaByRecord = groupBy(
      addenda.filter((addendum) => addendum.deletedAt === null),
      (addendum) => addendum.recordId,
    );
    const syncStateOf = await syncStates(records, addendaByRecord);

    return records.map((record): RecordListItem => {
      const version = versionById.get(record.templateVersionId);
      return {
        record,
        templateName:
          version?.name ?? templateById.get(record.templateId)?.name ?? 'Unknown template',
        versionNumber: version?.number ?? null,
        authorName: authorById.get(record.createdBy)?.name ?? null,
        addendaCount: addendaByRecord.get(record.id)?.length ?? 0,
        syncState: syncStateOf(record.id),
        preview: recordPreview(version?.fields ?? [], record.data),
      };
    });
  });
}

/** A record with its version, addenda, sync state, refused changes and conflicts; live. */
export function watchRecord(id: string): Observable<RecordDetail | undefined> {
  return liveQuery(async () => {
    const record = await db.records.get(id);
    if (!record) return undefined;
    const [version, addenda, conflicts] = await Promise.all([
      db.templateVersions.get(record.templateVersionId),
      db.addenda.where('recordId').equals(id).toArray(),
      db.conflicts
        .where('rowId')
        .equals(id)
        .filter(
          (conflict) =>
            conflict.entity === 'records' &&
            conflict.seenAt === null &&
            conflict.deletedAt === null,
        )
        .sortBy('createdAt'),
    ]);
    const shown = addenda
      .filter((addendum) => addendum.deletedAt === null)
      .sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0));
    const ids = [id, ...shown.map((addendum) => addendum.id)];
    const [queued, rejected] = await Promise.all([
      db.outbox.where('entityId').anyOf(ids).count(),
      db.rejected.where('entityId').anyOf(ids).toArray(),
    ]);
    return {
      record,
      version,
      addenda: shown,
      syncState: rejected.length > 0 ? 'rejected' : queued > 0 ? 'pending' : 'synced',
      rejected: rejected.sort(inCreationOrder),
      conflicts,
    };
  });
}

/**
 * Every saved version of a record, oldest first, from the server (the device keeps only the
 * latest). Offline it answers a failure saying so.
 */
export async function fetchRecordHistory(
  id: string,
): Promise<ActionResult<{ entries: RecordHistoryEntry[] }>> {
  try {
    const { entries } = await apiFetch<{ entries: RecordHistoryEntry[] }>(
      `/api/records/${encodeURIComponent(id)}/history`,
    );
    return { ok: true, entries };
  } catch (error) {
    return failureFromError(error, HISTORY_OFFLINE_MESSAGE);
  }
}

/** The sync state of each record, counting the addenda under it. */
async function syncStates(
  records: readonly ClinicalRecord[],
  addendaByRecord: ReadonlyMap<string, RecordAddendum[]>,
): Promise<(recordId: string) => RecordSyncState> {
  const ownerOf = new Map<string, string>();
  for (const record of records) {
    ownerOf.set(record.id, record.id);
    for (const addendum of addendaByRecord.get(record.id) ?? [])
      ownerOf.set(addendum.id, record.id);
  }
  const ids = [...ownerOf.keys()];
  const [queued, rejected] = await Promise.all([
    db.outbox.where('entityId').anyOf(ids).toArray(),
    db.rejected.where('entityId').anyOf(ids).toArray(),
  ]);
  const recordsOf = (entries: { entityId: string }[]) =>
    new Set(entries.map((entry) => ownerOf.get(entry.entityId)));
  const waiting = recordsOf(queued);
  const refused = recordsOf(rejected);
  return (recordId) =>
    refused.has(recordId) ? 'rejected' : waiting.has(recordId) ? 'pending' : 'synced';
}

function unique(ids: string[]): string[] {
  return [...new Set(ids)];
}

function byId<T extends { id: string }>(rows: (T | undefined)[]): Map<string, T> {
  return new Map(rows.flatMap((row) => (row ? [[row.id, row] as const] : [])));
}

function groupBy<T>(rows: readonly T[], key: (row: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) groups.set(key(row), [...(groups.get(key(row)) ?? []), row]);
  return groups;
}
