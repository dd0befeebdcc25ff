import * as v from 'valibot';
import { IsoDate, Uuid } from './common.ts';

/**
 * The audit log as the owner reads it (Settings → Audit log): `GET /api/audit` (ids only; the
 * device names patients and users itself), `GET /api/audit.csv` (the whole match), and the chart
 * reads devices report (`POST /api/audit/reads`), since a chart opens on the device, offline too.
 */

/** How many events a page of `GET /api/audit` holds. */
export const AUDIT_PAGE_SIZE = 50;

/** The action a chart read is written under: one event per read. */
export const CHART_READ_ACTION = 'chart.read';

/** The most reads one `POST /api/audit/reads` may carry; a device sends more in several. */
export const MAX_CHART_READS_PER_BATCH = 200;

/**
 * An action to filter by: exact (`patient.update`), or a prefix when it ends with a dot
 * (`record.` matches `record.create`, `record.sign`…).
 */
export const AuditAction = v.pipe(
  v.string('The action must be text.'),
  v.regex(/^[a-zA-Z][a-zA-Z0-9_-]*(\.[a-zA-Z0-9_-]*)*$/, 'Unknown action.'),
  v.maxLength(80, 'Unknown action.'),
);

/** Whether `filter` (exact, or a prefix ending with a dot) matches `action`. */
export function actionMatches(filter: string, action: string): boolean {
  return filter.endsWith('.') ? action.startsWith(filter) : action === filter;
}

const Day = v.pipe(v.string(), IsoDate);

/** The filters of `GET /api/audit` and `GET /api/audit.csv`; `from`/`to` are days in the clinic's zone. */
export const AuditQuery = v.strictObject(
  {
    userId: v.optional(Uuid),
    patientId: v.optional(Uuid),
    action: v.optional(AuditAction),
    from: v.optional(Day),
    to: v.optional(Day),
    before: v.optional(v.string()),
  },
  'Filter by userId, patientId, action, from, to and before only.',
);
export type AuditQuery = v.InferOutput<typeof AuditQuery>;

/** One event: who (a user id, null for the server or a patient's unsubscribe), what, which rows, when. */
export type AuditEntry = {
  id: string;
  userId: string | null;
  action: string;
  /** The table the ids are rows of: `patients`, `records`, `addenda`, `photos`… */
  entity: string;
  entityIds: string[];
  requestId: string | null;
  /** ISO-8601. */
  at: string;
};

export type AuditPage = { events: AuditEntry[]; nextCursor: string | null };

/** A device's note that its user opened a patient's chart (or one record of it), and when. */
export const ChartRead = v.strictObject(
  {
    /** Made on the device (UUID v7): the server writes one event per id, once. */
    id: Uuid,
    patientId: Uuid,
    recordId: v.optional(Uuid),
    at: v.pipe(v.string(), v.isoTimestamp('The time of a read must be an ISO timestamp.')),
  },
  'A read has an id, a patientId, an optional recordId and a time only.',
);
export type ChartRead = v.InferOutput<typeof ChartRead>;

export const ChartReadBatch = v.strictObject(
  {
    reads: v.pipe(
      v.array(ChartRead),
      v.minLength(1, 'Send at least one read.'),
      v.maxLength(MAX_CHART_READS_PER_BATCH, `Send at most ${MAX_CHART_READS_PER_BATCH} reads.`),
    ),
  },
  'Send the reads as { reads: [...] }.',
);
export type ChartReadBatch = v.InferOutput<typeof ChartReadBatch>;

/**
 * What the server did with a batch: `written` new events; `ignored` reads it already had, or of
 * a patient this clinic does not have. Either way the device may forget every read it sent.
 */
export type ChartReadResult = { written: number; ignored: number };
