import type {
  Appointment,
  AppointmentType,
  ClinicalRecord,
  Conflict,
  MutationName,
  Patient,
  Photo,
  Problem,
  RecordAddendum,
  Role,
  SyncTables,
  Template,
  TemplateVersion,
} from '@bedside/shared';

/**
 * The device's view of a patient: the server copy with this device's unsent (and rejected)
 * changes on top, plus three derived fields for the list and search. `version` is the server
 * version the changes sit on (0 while the patient exists only on this device).
 */
export type PatientRow = Patient & {
  /**
   * Folded words without punctuation that a search prefix can match: name parts and whole
   * names, the identifier (and each tail of its digits), birth date and phone digits.
   */
  searchWords: string[];
  /** Folded "family given", so the list sorts the same with or without a query. */
  sortKey: string;
  /** 1 unless deleted: IndexedDB cannot index null, so `[listed+sortKey]` orders the list. */
  listed: 0 | 1;
};

/**
 * What each synced table stores as the device's view of a row. Conflicts are not here: this
 * device never changes them, so they are stored as they arrive (see `StoredConflict`).
 */
export type ViewRows = {
  patients: PatientRow;
  templates: Template;
  templateVersions: TemplateVersion;
  appointmentTypes: AppointmentType;
  appointments: Appointment;
  records: ClinicalRecord;
  addenda: RecordAddendum;
  photos: Photo;
};

/** The synced tables whose rows this device can change: a server copy plus a view each. */
export type SyncedTableName = keyof ViewRows;

/** The last copy the server sent, kept apart from the view so local changes can be replayed. */
export type ServerRow = {
  [T in SyncedTableName]: { table: T; id: string; version: number; row: SyncTables[T] };
}[SyncedTableName];

/**
 * Ids of the rows a new row belongs to that the server works out itself (a record's template
 * from its version, an addendum's patient from its record). Kept with the mutation so the
 * device's view of the row is complete before the server has seen it; never sent.
 */
export type ParentIds = { templateId?: string; patientId?: string };

/** One queued change, sent to `POST /api/sync/push` in `seq` order. */
export type OutboxEntry = {
  /** The mutation id; the server answers duplicates of it by `seq`. */
  id: string;
  clientId: string;
  seq: number;
  name: MutationName;
  args: Record<string, unknown>;
  /** The row the mutation changes (`args.id`, in the table its name starts with), indexed. */
  entityId: string;
  parents?: ParentIds;
  createdAt: string;
  /** Set before the first push carrying it goes out: from then on the server may have it. */
  sentAt?: string;
};

/** A change the server refused. Kept until the user fixes, retries or discards it. */
export type RejectedMutation = {
  id: string;
  seq: number;
  name: MutationName;
  args: Record<string, unknown>;
  entityId: string;
  parents?: ParentIds;
  problem: Problem;
  rejectedAt: string;
  /** When the change was first made on this device. */
  createdAt: string;
};

/**
 * A photo's (or PDF's) bytes on this device, kept apart from the synced row. ArrayBuffers, not
 * Blobs: Blobs in IndexedDB fail on WebKit. `source` says whether they were made here (and so
 * must be uploaded) or downloaded from the server to show a photo another device took. Uploaded
 * originals may be evicted (see `photos/original-eviction.ts`); the thumbnail always stays.
 */
export type PhotoBytes = {
  id: string;
  bytes: ArrayBuffer;
  contentType: string;
  /** SHA-256 of `bytes`, lower-case hex: what the photo row and the upload carry. */
  sha256: string;
  /** A small JPEG for galleries; empty when none could be made (show `bytes` instead). */
  thumbnail: ArrayBuffer;
  thumbnailType: 'image/jpeg';
  width: number | null;
  height: number | null;
  source: 'device' | 'server';
  /**
   * When the original (`bytes`) was last shown on this device, or stored if never shown since.
   * Present exactly while the original is here: eviction reads the `viewedAt` index oldest first.
   */
  viewedAt?: string;
  /**
   * Set when the original was dropped to keep the device within its budget (`bytes` is then
   * empty; the thumbnail stays). Only bytes the server has are ever dropped; they download again.
   */
  evictedAt?: string;
};

export type UploadState = 'queued' | 'uploading' | 'done' | 'failed';
/** upload-url → PUT → complete; a retry starts again from the step that failed. */
export type UploadStep = 'url' | 'put' | 'complete';

/** One photo's way to the server, kept in Dexie so it survives reloads and going offline. */
export type UploadJob = {
  photoId: string;
  state: UploadState;
  step: UploadStep;
  /** Failed tries since the last success of a step; drives the backoff. */
  attempts: number;
  /** Not before this time (a backoff); null means as soon as possible. */
  nextAttemptAt: string | null;
  bytesSent: number;
  bytesTotal: number;
  /** Why the server refused the bytes (state 'failed'), as a sentence for the user. */
  error: string | null;
  /** The presigned PUT from the last upload-url answer (never logged). */
  url?: string;
  headers?: Record<string, string>;
  urlExpiresAt?: string;
};

/** A synced conflict plus when this device's user dismissed it. */
export type StoredConflict = Conflict & { seenAt: string | null };

export type CachedUser = { id: string; name: string; email: string; role: Role };

/** Everything the clinic database keeps under `meta`, by key. */
export type MetaValues = {
  clientId: string;
  /** The seq the next mutation takes; read and bumped in the same transaction as the write. */
  nextSeq: number;
  /** The opaque pull cursor; absent means "pull from the beginning". */
  cursor: string;
  lastSyncAt: string;
  /** The last sync failure as a sentence for the status panel; null once a sync succeeds. */
  lastError: string | null;
  /** Whether the browser agreed to keep this data under storage pressure. */
  storagePersisted: boolean;
  /** The role whose tables the device holds (`fitToRole`); absent before the first fit. */
  heldForRole: Role;
};

export type MetaKey = keyof MetaValues;
export type MetaEntry = { [K in MetaKey]: { key: K; value: MetaValues[K] } }[MetaKey];
