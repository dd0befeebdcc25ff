import type { SyncTableName, SyncTables } from '../sync-protocol.ts';
import type { EntityTableName, Need, PatientRowTable, PriorChange } from './entity-definition.ts';
import { uniqueKeysOf } from './registry.ts';

/** A field change the server had before this push: who made it, and on which device. */
export type StoredChange = {
  version: number;
  field: string;
  changedBy: string;
  changedAt: string;
  clientId: string | null;
};

/** A row a push reads: purges are only ever pulled. */
type AnyRow = SyncTables[Exclude<SyncTableName, 'purges'>];

const rowKey = (table: string, id: string) => `${table}\u0000${id}`;
const holderKey = (table: string, key: string, value: string) =>
  `${table}\u0000${key}\u0000${value}`;

/**
 * What a push has read from the database so far, and only that: every pass over the batch starts
 * from it again. `null` marks a row or a key holder known to be absent.
 */
export class LoadedState {
  readonly rows = new Map<string, AnyRow | null>();
  readonly holders = new Map<string, string | null>();
  /** Per row: the history after the oldest base version asked for. */
  readonly history = new Map<string, { after: number; changes: StoredChange[] }>();
  /** Per user id: whether it is an active member of the clinic. */
  readonly members = new Map<string, boolean>();
  /** Per table and patient: the ids of every row of the patient, once read. */
  readonly patientRows = new Map<string, string[]>();

  hasRow(table: SyncTableName, id: string): boolean {
    return this.rows.has(rowKey(table, id));
  }

  row(table: SyncTableName, id: string): AnyRow | null | undefined {
    return this.rows.get(rowKey(table, id));
  }

  putRow(table: SyncTableName, id: string, row: AnyRow | null): void {
    this.rows.set(rowKey(table, id), row);
  }

  hasHolder(table: SyncTableName, key: string, value: string): boolean {
    return this.holders.has(holderKey(table, key, value));
  }

  holder(table: SyncTableName, key: string, value: string): string | null | undefined {
    return this.holders.get(holderKey(table, key, value));
  }

  putHolder(table: SyncTableName, key: string, value: string, id: string | null): void {
    this.holders.set(holderKey(table, key, value), id);
  }

  /**
   * Whether the stored row has history after `baseVersion`: a row new to the server has none,
   * nor has one stored at that very version (history never runs ahead of the row).
   */
  historyMatters(table: SyncTableName, id: string, baseVersion: number): boolean {
    const stored = this.row(table, id);
    return stored !== null && stored !== undefined && baseVersion < stored.version;
  }

  /** Whether the row's history after `baseVersion` is read. */
  hasHistory(table: SyncTableName, id: string, baseVersion: number): boolean {
    const read = this.history.get(rowKey(table, id));
    return read !== undefined && read.after <= baseVersion;
  }

  historyOf(table: SyncTableName, id: string): StoredChange[] {
    return this.history.get(rowKey(table, id))?.changes ?? [];
  }

  putHistory(table: SyncTableName, id: string, after: number, changes: StoredChange[]): void {
    this.history.set(rowKey(table, id), { after, changes });
  }

  putMember(userId: string, isMember: boolean): void {
    this.members.set(userId, isMember);
  }

  hasPatientRows(table: PatientRowTable, patientId: string): boolean {
    return this.patientRows.has(rowKey(table, patientId));
  }

  patientRowIds(table: PatientRowTable, patientId: string): string[] {
    return this.patientRows.get(rowKey(table, patientId)) ?? [];
  }

  /** The patient's rows of `table`, all of them: each is kept as a row read too. */
  putPatientRows(table: PatientRowTable, patientId: string, rows: AnyRow[]): void {
    for (const row of rows) this.putRow(table, row.id, row);
    this.patientRows.set(
      rowKey(table, patientId),
      rows.map((row) => row.id),
    );
  }

  /**
   * Whether `need` is answered by what was read. History is asked only of a stored row based on
   * an older version; until the row is read, its own need comes first.
   */
  has(need: Need): boolean {
    switch (need.kind) {
      case 'row':
        return this.hasRow(need.table, need.id);
      case 'holder':
        return this.hasHolder(need.table, need.key, need.value);
      case 'history':
        return (
          !this.historyMatters(need.table, need.id, need.baseVersion) ||
          this.hasHistory(need.table, need.id, need.baseVersion)
        );
      case 'member':
        return this.members.has(need.userId);
      case 'patientRows':
        return this.hasPatientRows(need.table, need.patientId);
    }
  }
}

/** The change numbers and history one pass gives rows, kept apart from what was read. */
type WrittenRow = { table: EntityTableName; row: AnyRow };

/**
 * One pass's picture of the clinic: what was read, with what earlier mutations of the batch
 * wrote on top. Rules see this through a `RuleView`; lookups of what was not read are misses.
 */
export class WorkingState {
  private readonly written = new Map<string, WrittenRow>();
  private readonly holders = new Map<string, string | null>();
  private readonly ownChanges = new Map<string, (PriorChange & { version: number })[]>();
  readonly misses: Need[] = [];
  private readonly missed = new Set<string>();

  constructor(
    readonly loaded: LoadedState,
    private readonly clientId: string,
  ) {}

  row(table: EntityTableName, id: string): AnyRow | undefined {
    const written = this.written.get(rowKey(table, id));
    if (written) return written.row;
    if (!this.loaded.hasRow(table, id)) this.miss({ kind: 'row', table, id });
    return this.loaded.row(table, id) ?? undefined;
  }

  holder(table: EntityTableName, key: string, value: string): string | undefined {
    const k = holderKey(table, key, value);
    if (this.holders.has(k)) return this.holders.get(k) ?? undefined;
    if (!this.loaded.hasHolder(table, key, value)) this.miss({ kind: 'holder', table, key, value });
    return this.loaded.holder(table, key, value) ?? undefined;
  }

  /**
   * Every row of `table` of the patient: those read, as this batch left them, and those this
   * batch wrote. Unread, a miss (and none).
   */
  rowsOfPatient<T extends PatientRowTable>(table: T, patientId: string): SyncTables[T][] {
    if (!this.loaded.hasPatientRows(table, patientId))
      this.miss({ kind: 'patientRows', table, patientId });
    const ids = new Set(this.loaded.patientRowIds(table, patientId));
    for (const { table: written, row } of this.written.values())
      if (written === table) ids.add(row.id);
    // Rows of `table` are kept under `table`; a patient's rows never change patient.
    const rows = [...ids].map((id) => this.row(table, id) as SyncTables[T] | undefined);
    return rows.filter((row): row is SyncTables[T] => row?.patientId === patientId);
  }

  /** Whether the user is an active member of the clinic; unread, a miss (and no). */
  isMember(userId: string): boolean {
    const known = this.loaded.members.get(userId);
    if (known === undefined) this.miss({ kind: 'member', userId });
    return known ?? false;
  }

  /**
   * The field changes after `baseVersion`: the stored ones, then this batch's own. A change
   * counts as this device's when this device made it, in this push or an earlier one.
   */
  changesAfter(table: EntityTableName, id: string, baseVersion: number): PriorChange[] {
    const matters = this.loaded.historyMatters(table, id, baseVersion);
    if (matters && !this.loaded.hasHistory(table, id, baseVersion)) {
      this.miss({ kind: 'history', table, id, baseVersion });
      return [];
    }
    const stored = (matters ? this.loaded.historyOf(table, id) : [])
      .filter((change) => change.version > baseVersion)
      .map((change) => ({ ...change, byThisDevice: change.clientId === this.clientId }));
    const own = (this.ownChanges.get(rowKey(table, id)) ?? []).filter(
      (change) => change.version > baseVersion,
    );
    return [...stored, ...own];
  }

  /** Keeps a row this batch wrote, moving the unique keys it holds. */
  put(table: EntityTableName, row: AnyRow): void {
    const before = this.row(table, row.id);
    for (const [key, heldBy] of Object.entries(uniqueKeysOf(table))) {
      const hold = heldBy as (row: AnyRow) => string | null;
      const old = before ? hold(before) : null;
      if (old !== null && this.holder(table, key, old) === row.id)
        this.holders.set(holderKey(table, key, old), null);
      const now = hold(row);
      if (now !== null) this.holders.set(holderKey(table, key, now), row.id);
    }
    this.written.set(rowKey(table, row.id), { table, row });
  }

  /** Notes the fields this batch changed in a row, for later mutations of the same row. */
  noteEdits(
    table: EntityTableName,
    row: { id: string; version: number; updatedBy: string; updatedAt: string },
    fields: string[],
  ): void {
    const changes = this.ownChanges.get(rowKey(table, row.id)) ?? [];
    for (const field of fields) {
      changes.push({
        field,
        version: row.version,
        changedBy: row.updatedBy,
        changedAt: row.updatedAt,
        byThisDevice: true,
      });
    }
    this.ownChanges.set(rowKey(table, row.id), changes);
  }

  /** The rows of `table` the batch wrote, in their final state. */
  writtenRowsOf<T extends EntityTableName>(table: T): SyncTables[T][] {
    const rows = [...this.written.values()].filter((written) => written.table === table);
    // Kept under `table`, so rows of `table`.
    return rows.map((written) => written.row as SyncTables[T]);
  }

  /** Notes a need nothing read answers yet, once however often it is asked. */
  miss(need: Need): void {
    const key = JSON.stringify(need);
    if (this.missed.has(key)) return;
    this.missed.add(key);
    this.misses.push(need);
  }
}
