import Dexie from 'dexie';
import { uuidv7 } from 'uuidv7';
import { describe, expect, it } from 'vitest';
import { BedsideDatabase, databaseName } from './database';
import { getMeta } from './meta';

describe('BedsideDatabase version 2', () => {
  it('opens a version 1 database with its outbox intact and pulls from the start again', async () => {
    const owner = { clinicId: uuidv7(), userId: uuidv7() };
    const old = new Dexie(databaseName(owner));
    old.version(1).stores({
      patients:
        'id, familyName, givenName, identifier, birthDate, deletedAt, updatedAt, sortKey, *searchWords',
      serverRows: '[table+id]',
      outbox: 'seq, id, entityId',
      rejected: 'id, seq, entityId',
      conflicts: 'id, rowId',
      users: 'id, name',
      meta: 'key',
    });
    await old.table('meta').bulkPut([
      { key: 'cursor', value: '1:42' },
      { key: 'nextSeq', value: 8 },
    ]);
    await old.table('outbox').put({ seq: 7, id: 'm7', entityId: 'p1', name: 'patient.delete' });
    old.close();

    const database = new BedsideDatabase(owner);

    expect(await getMeta(database, 'cursor')).toBeUndefined();
    expect(await getMeta(database, 'nextSeq')).toBe(8);
    expect(await database.outbox.get(7)).toMatchObject({ id: 'm7' });
    expect(await database.records.count()).toBe(0);
    database.close();
  });
});

describe('BedsideDatabase version 3', () => {
  it('adds the photo tables to a version 2 database, keeping its outbox, and pulls again', async () => {
    const owner = { clinicId: uuidv7(), userId: uuidv7() };
    const old = new Dexie(databaseName(owner));
    old.version(2).stores({
      patients:
        'id, familyName, givenName, identifier, birthDate, deletedAt, updatedAt, sortKey, *searchWords',
      serverRows: '[table+id]',
      outbox: 'seq, id, entityId',
      rejected: 'id, seq, entityId',
      conflicts: 'id, rowId',
      users: 'id, name',
      meta: 'key',
      templates: 'id, sortOrder, deletedAt',
      templateVersions: 'id, templateId',
      records: 'id, patientId, [patientId+createdAt], status, deletedAt',
      addenda: 'id, recordId, patientId',
    });
    await old.table('meta').put({ key: 'cursor', value: '1:42' });
    await old.table('outbox').put({ seq: 3, id: 'm3', entityId: 'r1', name: 'record.update' });
    old.close();

    const database = new BedsideDatabase(owner);

    expect(await getMeta(database, 'cursor')).toBeUndefined();
    expect(await database.outbox.get(3)).toMatchObject({ id: 'm3' });
    expect(await database.photos.count()).toBe(0);
    expect(await database.uploads.count()).toBe(0);
    database.close();
  });
});
