import type { Page } from '@playwright/test';
import { SCHEMA_VERSION } from '../shared/src/sync-protocol.ts';
import { expect, signIn } from './fixtures.ts';

let clinicCounter = 0;

/** Monday 1 March 2027, 09:00–09:30 in Auckland (NZDT, +13:00): the seeded appointment. */
export const SEEDED = {
  timezone: 'Pacific/Auckland',
  date: '2027-03-01',
  startsAt: '2027-02-28T20:00:00.000Z',
  endsAt: '2027-02-28T20:30:00.000Z',
  patient: 'Lee, Ann',
};

/**
 * A new clinic in Auckland (so its clock differs from the test device's), holding one patient
 * and one appointment (SEEDED) written through the push API as another device would, with its
 * owner signed in on `page` and the first sync done.
 */
export async function clinicWithAppointment(page: Page): Promise<void> {
  const account = {
    email: `calendar-${Date.now()}-${++clinicCounter}@clinic.test`,
    password: 'correct horse battery',
  };
  await page.goto('/login');
  await page.evaluate(
    async ({ account, seeded, schemaVersion }) => {
      const send = async (path: string, body?: unknown) => {
        const response = await fetch(path, {
          method: body === undefined ? 'GET' : 'POST',
          headers: body === undefined ? {} : { 'content-type': 'application/json' },
          body: body === undefined ? undefined : JSON.stringify(body),
        });
        if (!response.ok) throw new Error(`${path} answered ${response.status}`);
        return response.json();
      };
      await send('/api/clinics', {
        clinicName: 'Harbour Physio',
        timezone: seeded.timezone,
        name: 'Ana Owner',
        ...account,
      });
      const me = (await send('/api/auth/me')) as { user: { id: string } };
      const patientId = crypto.randomUUID();
      const mutation = (seq: number, name: string, args: unknown) => ({
        id: crypto.randomUUID(),
        seq,
        name,
        args,
      });
      const { results } = (await send('/api/sync/push', {
        clientId: crypto.randomUUID(),
        schemaVersion,
        mutations: [
          mutation(1, 'patient.create', { id: patientId, givenName: 'Ann', familyName: 'Lee' }),
          mutation(2, 'appointment.create', {
            id: crypto.randomUUID(),
            patientId,
            clinicianId: me.user.id,
            startsAt: seeded.startsAt,
            endsAt: seeded.endsAt,
          }),
        ],
      })) as { results: { status: string }[] };
      if (results.some((result) => result.status !== 'applied'))
        throw new Error(`seeding answered ${JSON.stringify(results)}`);
    },
    { account, seeded: SEEDED, schemaVersion: SCHEMA_VERSION },
  );
  await signIn(page, account);
}

/** The seeded appointment on the calendar (an event is a button that opens it). */
export function seededEvent(page: Page) {
  return page.getByRole('button', { name: new RegExp(SEEDED.patient) });
}

/** The times of the device's copy of the only appointment, read straight from IndexedDB. */
export async function storedTimes(page: Page): Promise<{ startsAt: string; endsAt: string }> {
  return page.evaluate(async () => {
    const names = (await indexedDB.databases()).map((info) => info.name ?? '');
    const name = names.find(
      (each) =>
        each.startsWith('bedside-') && each !== 'bedside-device' && !each.endsWith('-none-none'),
    );
    if (!name) throw new Error('no clinic database on this device');
    const database = await new Promise<IDBDatabase>((resolve, reject) => {
      const open = indexedDB.open(name);
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    try {
      const rows = await new Promise<{ startsAt: string; endsAt: string }[]>((resolve, reject) => {
        const request = database
          .transaction('appointments', 'readonly')
          .objectStore('appointments')
          .getAll();
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      const [row] = rows;
      if (!row || rows.length !== 1)
        throw new Error(`expected one appointment, found ${rows.length}`);
      return { startsAt: row.startsAt, endsAt: row.endsAt };
    } finally {
      database.close();
    }
  });
}

/** Opens the calendar at the seeded day in `view` and waits for the appointment. */
export async function openCalendarAt(page: Page, view: 'day' | 'week' | 'list') {
  await page.goto(`/calendar?view=${view}&date=${SEEDED.date}`);
  await expect(seededEvent(page)).toBeVisible();
}
