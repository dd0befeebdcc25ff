import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import type { IncomingMessage } from 'node:http';
import path from 'node:path';
import { Writable } from 'node:stream';
import type { Hono } from 'hono';
import { uuidv7 } from 'uuidv7';
import {
  builtInAppointmentTypes,
  builtInTemplates,
  SCHEMA_VERSION,
  syncTableNames,
  type ClinicalRecord,
  type Me,
  type Patient,
  type MutationName,
  type PullResponse,
  type PushResponse,
  type RecordData,
  type SyncTables,
  type Template,
  type TemplateField,
} from '@bedside/shared';
import { loadConfig, type Config } from '../src/config.ts';
import type { MailDeps } from '../src/domain/reminders/mail-deps.ts';
import type { AppEnv } from '../src/http/app-env.ts';
import type { Job } from '../src/jobs/job.ts';
import { createLogger } from '../src/log.ts';
import { createPhiKeys, masterKeys, type PhiKeys } from '../src/phi/phi-keys.ts';
import type { Timer } from '../src/routes/route-context.ts';
import { createBedside, type Bedside } from '../src/server.ts';
import type { BlobStore } from '../src/storage/blobs/blob-store.ts';
import { createDiskBlobStore, type DiskBlobStore } from '../src/storage/blobs/disk-blob-store.ts';
import type { Db } from '../src/storage/db.ts';
import { migrate } from '../src/storage/migrate.ts';
import { freshDb, type DbKind } from './test-db.ts';

export const testOrigin = 'http://localhost';
export const testPassword = 'correct horse battery';

/** A migrated, empty database of either kind. */
export async function migratedDb(kind: DbKind): Promise<Db> {
  const db = await freshDb(kind);
  await migrate(db, { log: createLogger('silent') });
  return db;
}

/** The defaults, with a web dir that does not exist unless a test gives one. */
export function testConfig(overrides: Partial<Config> = {}): Config {
  const result = loadConfig({ WEB_DIR: '/nonexistent-bedside-web' });
  if (!result.ok) throw new Error('default config is invalid');
  return { ...result.config, ...overrides };
}

/** The master key of the test servers: every test database's data keys are wrapped by it. */
export const testMasterKey = Buffer.alloc(32, 7);

/** Data keys under the test master key (and `previous` ones), with a cache of their own. */
export function testPhiKeys(current: Buffer = testMasterKey, previous: Buffer[] = []): PhiKeys {
  return createPhiKeys(masterKeys(current, previous));
}

/** A clock tests move by hand. */
export type TestClock = (() => Date) & { advance(ms: number): void };
export function testClock(start = Date.now()): TestClock {
  let now = start;
  return Object.assign(() => new Date(now), { advance: (ms: number) => void (now += ms) });
}

/** A disk blob store in a new temp dir; `remove` deletes the dir and everything in it. */
export function tempDiskBlobStore(
  clock: () => Date = () => new Date(),
): DiskBlobStore & { remove(): void } {
  const root = mkdtempSync(path.join(tmpdir(), 'bedside-blobs-'));
  const store = createDiskBlobStore({ root, secret: randomBytes(32).toString('base64url'), clock });
  return Object.assign(store, { remove: () => rmSync(root, { recursive: true, force: true }) });
}

/**
 * The real app on a test database; `logLines` holds what it logged, parsed. Photos go to a disk
 * store in a temp dir (removed on close) unless `blobs` names another, such as one on s3rver.
 */
export function startBedside(
  db: Db,
  options: {
    config?: Partial<Config>;
    clock?: TestClock;
    blobs?: BlobStore;
    /** Capture sessions: a timer that follows the test clock, fixed LAN addresses. */
    timer?: Timer;
    lanAddresses?: () => string[];
    /** Jobs for the server's runner; none unless a test gives some. */
    jobs?: Job[];
    /** The mailer and link secret; unset: .eml files under the config's DATA_DIR. */
    mail?: MailDeps;
    /** The data keys; unset: `testPhiKeys()`. */
    phi?: PhiKeys;
  } = {},
): Bedside & { logLines: Record<string, unknown>[]; blobs: BlobStore } {
  const logLines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean))
        logLines.push(JSON.parse(line));
      done();
    },
  });
  const tempBlobs = options.blobs ? undefined : tempDiskBlobStore(options.clock);
  const blobs = options.blobs ?? tempBlobs;
  if (!blobs) throw new Error('unreachable: a blob store is always chosen');
  const bedside = createBedside({
    config: testConfig(options.config),
    db,
    log: createLogger('info', sink),
    blobs,
    phi: options.phi ?? testPhiKeys(),
    clock: options.clock,
    timer: options.timer,
    lanAddresses: options.lanAddresses,
    jobs: options.jobs,
    mail: options.mail,
  });
  return {
    ...bedside,
    logLines,
    blobs,
    async close() {
      await bedside.close();
      tempBlobs?.remove();
    },
  };
}

/**
 * The bindings of a request that arrived over a socket from `address`, as @hono/node-server gives
 * them: `app.request(path, init, fromPeer('10.0.0.2'))`. Without it a request has no peer.
 */
export function fromPeer(address: string): { incoming: IncomingMessage } {
  // Only the socket's remote address is read (`clientInfo`); the rest of a request is not faked.
  return { incoming: { socket: { remoteAddress: address } } as IncomingMessage };
}

type RequestOptions = {
  json?: unknown;
  body?: string;
  headers?: Record<string, string>;
  /** The socket's peer address; unset: an in-process request with no socket. */
  peer?: string;
};

/** Requests as the web app sends them: same origin, JSON, the session cookie if signed in. */
export class ApiClient {
  cookie: string | undefined;
  constructor(
    readonly app: Hono<AppEnv>,
    cookie?: string,
  ) {
    this.cookie = cookie;
  }

  async request(method: string, path: string, options: RequestOptions = {}): Promise<Response> {
    const headers: Record<string, string> = { origin: testOrigin, ...options.headers };
    if (this.cookie) headers.cookie = this.cookie;
    let body = options.body;
    if (options.json !== undefined) {
      body = JSON.stringify(options.json);
      headers['content-type'] ??= 'application/json';
    }
    const env = options.peer === undefined ? undefined : fromPeer(options.peer);
    const response = await this.app.request(path, { method, headers, body }, env);
    const session = response.headers.getSetCookie().find((c) => c.startsWith('bedside_session='));
    if (session) this.cookie = session.split(';')[0];
    return response;
  }

  get(path: string, options?: RequestOptions) {
    return this.request('GET', path, options);
  }
  post(path: string, json?: unknown, options?: RequestOptions) {
    return this.request('POST', path, { ...options, json });
  }
}

export function uniqueEmail(label = 'user'): string {
  return `${label}-${randomBytes(5).toString('hex')}@example.org`;
}

/** A new clinic and its signed-in owner. */
export async function signUp(
  app: Hono<AppEnv>,
  label = 'owner',
): Promise<{ api: ApiClient; me: Me; email: string }> {
  const api = new ApiClient(app);
  const email = uniqueEmail(label);
  const response = await api.post('/api/clinics', {
    clinicName: `Clinic ${label}`,
    timezone: 'Europe/Berlin',
    name: `Dr ${label}`,
    email,
    password: testPassword,
  });
  if (response.status !== 201)
    throw new Error(`sign-up failed: ${response.status} ${await response.text()}`);
  return { api, me: (await response.json()) as Me, email };
}

export type TestMutation = { name: MutationName | string; args: unknown };

/** One device of a signed-in user: its own clientId and seq counter, like the web app's outbox. */
export class Device {
  readonly clientId = uuidv7();
  nextSeq = 1;
  constructor(readonly api: ApiClient) {}

  /** Sends mutations with the next seqs; `fromSeq` resends or skips on purpose. */
  async push(
    mutations: TestMutation[],
    fromSeq = this.nextSeq,
  ): Promise<{ status: number; body: PushResponse & Record<string, unknown> }> {
    const response = await this.api.post('/api/sync/push', {
      clientId: this.clientId,
      schemaVersion: SCHEMA_VERSION,
      mutations: mutations.map((m, i) => ({
        id: uuidv7(),
        seq: fromSeq + i,
        name: m.name,
        args: m.args,
      })),
    });
    const body = (await response.json()) as PushResponse & Record<string, unknown>;
    if (response.status === 200) this.nextSeq = Math.max(this.nextSeq, body.lastSeq + 1);
    return { status: response.status, body };
  }

  async pull(
    cursor?: string,
    limit?: number,
  ): Promise<{ status: number; body: PullResponse & Record<string, unknown> }> {
    const query = new URLSearchParams();
    if (cursor !== undefined) query.set('cursor', cursor);
    if (limit !== undefined) query.set('limit', String(limit));
    const response = await this.api.get(`/api/sync/pull?${query}`);
    return {
      status: response.status,
      body: (await response.json()) as PullResponse & Record<string, unknown>,
    };
  }

  /** Everything from the beginning (or `from`), page by page, each table in change order. */
  async pullAll(limit?: number, from?: string): Promise<PulledTables & { cursor: string }> {
    const tables: PulledTables = {
      patients: [],
      conflicts: [],
      purges: [],
      templates: [],
      templateVersions: [],
      appointmentTypes: [],
      appointments: [],
      records: [],
      addenda: [],
      photos: [],
    };
    let cursor = from;
    for (;;) {
      const { status, body } = await this.pull(cursor, limit);
      if (status !== 200) throw new Error(`pull failed: ${status}`);
      for (const table of syncTableNames) pushRows(tables, table, body.changes[table]);
      cursor = body.cursor;
      if (!body.more) return { ...tables, cursor };
    }
  }
}

export type PulledTables = { [T in keyof SyncTables]: SyncTables[T][] };

function pushRows<T extends keyof SyncTables>(
  tables: PulledTables,
  table: T,
  rows: SyncTables[T][] | undefined,
) {
  tables[table].push(...(rows ?? []));
}

/** Change numbers the built-in templates take: each template and its first version. */
export const seededTemplateChanges = builtInTemplates.length * 2;

/** Change numbers a new clinic has used up: the built-in templates, then appointment types. */
export const seededChanges = seededTemplateChanges + builtInAppointmentTypes.length;

export function newPatient(fields: Record<string, unknown> = {}) {
  return {
    name: 'patient.create',
    args: { id: uuidv7(), givenName: 'Ada', familyName: 'Lovelace', ...fields },
  };
}

/** A new clinic with one device, and a patient that device created. */
export async function clinicWithPatient(app: Hono<AppEnv>, fields: Record<string, unknown> = {}) {
  const owner = await signUp(app);
  const device = new Device(owner.api);
  const { body } = await device.push([newPatient(fields)]);
  return { owner, device, patient: body.results[0]?.row as Patient };
}

/** The patient as the server has it, seen through a full pull. */
export async function serverPatient(device: Device, id: string): Promise<Patient | undefined> {
  return (await device.pullAll()).patients.find((p) => p.id === id);
}

/** A small template: a required text, a number with bounds, a free textarea. */
export const testFields: TemplateField[] = [
  { id: 'complaint', type: 'text', label: 'Complaint', required: true },
  { id: 'pain', type: 'number', label: 'Pain score', required: false, min: 0, max: 10 },
  { id: 'notes', type: 'textarea', label: 'Notes', required: false },
];

export function newTemplate(
  fields: TemplateField[] = testFields,
  name = 'Follow-up',
  sortOrder = 10,
) {
  return {
    name: 'template.create',
    args: { id: uuidv7(), sortOrder, version: { id: uuidv7(), name, fields } },
  };
}

/** A new version of a template, saved from the device's copy at `baseVersion`. */
export function publishTemplate(
  id: string,
  baseVersion: number,
  fields: TemplateField[] = testFields,
  name = 'Follow-up',
) {
  return {
    name: 'template.publish',
    args: { id, baseVersion, version: { id: uuidv7(), name, fields } },
  };
}

export function newRecord(patientId: string, templateVersionId: string, data: RecordData = {}) {
  return { name: 'record.create', args: { id: uuidv7(), patientId, templateVersionId, data } };
}

export function recordUpdate(id: string, baseVersion: number, data: RecordData) {
  return { name: 'record.update', args: { id, baseVersion, data } };
}

/** A mutation that takes only an id: `record.finalize`, `template.delete`… */
export function byId(name: MutationName, id: string) {
  return { name, args: { id } };
}

/** A new clinic with one device, a patient and a template (`testFields`) that device created. */
export async function clinicWithTemplate(app: Hono<AppEnv>, fields: TemplateField[] = testFields) {
  const { owner, device, patient } = await clinicWithPatient(app);
  const create = newTemplate(fields);
  const { body } = await device.push([create]);
  const template = body.results[0]?.row as Template;
  return { owner, device, patient, template, versionId: create.args.version.id };
}

/** …and a draft record of that patient against the template, with `data`. */
export async function clinicWithRecord(app: Hono<AppEnv>, data: RecordData = {}) {
  const clinic = await clinicWithTemplate(app);
  const { body } = await clinic.device.push([newRecord(clinic.patient.id, clinic.versionId, data)]);
  const result = body.results[0];
  if (result?.status !== 'applied') throw new Error(`record.create ${result?.status}`);
  return { ...clinic, record: result.row as ClinicalRecord };
}

/** The record as the server has it, seen through a full pull. */
export async function serverRecord(device: Device, id: string) {
  return (await device.pullAll()).records.find((r) => r.id === id);
}
