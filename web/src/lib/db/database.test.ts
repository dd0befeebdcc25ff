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

describe('BedsideDatabase version 4', () => {
  it('recomputes the search fields of patients already on the device, keeping the outbox', async () => {
    const owner = { clinicId: uuidv7(), userId: uuidv7() };
    const old = new Dexie(databaseName(owner));
    old.version(3).stores({
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
      photos: 'id, patientId, [patientId+capturedAt], status, deletedAt',
      photoBytes: 'id',
      uploads: 'photoId, state',
    });
    const patient = {
      id: 'p1',
      givenName: 'Ann',
      familyName: "O'Connell",
      identifier: 'MRN-0010022',
      phone: '0412 345 678',
      birthDate: '1948-03-14',
      deletedAt: null,
    };
    await old.table('patients').bulkPut([
      { ...patient, searchWords: ['ann', "o'connell"], sortKey: "o'connell\u0000ann" },
      { ...patient, id: 'p2', deletedAt: '2026-01-01T00:00:00.000Z', searchWords: [], sortKey: '' },
    ]);
    await old.table('outbox').put({ seq: 4, id: 'm4', entityId: 'p1', name: 'patient.update' });
    old.close();

    const database = new BedsideDatabase(owner);

    const listed = await database.patients
      .where('[listed+sortKey]')
      .between([1, Dexie.minKey], [1, Dexie.maxKey])
      .primaryKeys();
    expect(listed).toEqual(['p1']);
    for (const word of ['oconnell', '10022', '19480314', '0412345678'])
      expect(await database.patients.where('searchWords').equals(word).primaryKeys()).toEqual([
        'p1',
        'p2',
      ]);
    expect(await database.outbox.get(4)).toMatchObject({ id: 'm4' });
    database.close();
  });
});

describe('BedsideDatabase version 7', () => {
  it('indexes the originals already on a version 6 device by last view, keeping every byte, the cursor and the outbox', async () => {
    const owner = { clinicId: uuidv7(), userId: uuidv7() };
    const old = new Dexie(databaseName(owner));
    old.version(6).stores({
      patients: 'id, updatedAt, sortKey, *searchWords, [listed+sortKey]',
      serverRows: '[table+id]',
      outbox: 'seq, id, entityId',
      rejected: 'id, seq, entityId',
      conflicts: 'id, rowId',
      users: 'id, name',
      meta: 'key',
      templates: 'id, sortOrder, deletedAt',
      templateVersions: 'id, templateId',
      records: 'id, patientId, [patientId+createdAt], status, deletedAt, appointmentId',
      addenda: 'id, recordId, patientId',
      photos: 'id, patientId, [patientId+capturedAt], status, deletedAt',
      photoBytes: 'id',
      uploads: 'photoId, state',
      appointmentTypes: 'id, deletedAt',
      appointments: 'id, startsAt, patientId, [clinicianId+startsAt], seriesId, deletedAt',
    });
    const bytes = new Uint8Array([0xff, 0xd8, 0xff, 1, 2, 3]).buffer;
    const thumbnail = new Uint8Array([0xff, 0xd8, 0xff, 9]).buffer;
    const row = {
      contentType: 'image/jpeg',
      sha256: 'a'.repeat(64),
      thumbnail,
      thumbnailType: 'image/jpeg',
      width: 4,
      height: 3,
    };
    await old.table('photoBytes').bulkPut([
      { ...row, id: 'ph1', bytes, source: 'device' },
      { ...row, id: 'ph2', bytes, source: 'server' },
    ]);
    await old.table('meta').put({ key: 'cursor', value: '1:42' });
    await old.table('outbox').put({ seq: 5, id: 'm5', entityId: 'ph1', name: 'photo.create' });
    old.close();

    const database = new BedsideDatabase(owner);

    expect(await database.photoBytes.orderBy('viewedAt').primaryKeys()).toEqual(['ph1', 'ph2']);
    const kept = await database.photoBytes.get('ph1');
    expect(new Uint8Array(kept?.bytes ?? new ArrayBuffer(0))).toEqual(new Uint8Array(bytes));
    expect(new Uint8Array(kept?.thumbnail ?? new ArrayBuffer(0))).toEqual(
      new Uint8Array(thumbnail),
    );
    expect(await getMeta(database, 'cursor')).toBe('1:42');
    expect(await database.outbox.get(5)).toMatchObject({ id: 'm5' });
    database.close();
  });
});
