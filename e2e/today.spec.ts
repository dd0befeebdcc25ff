import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { SCHEMA_VERSION } from '../shared/src/sync-protocol.ts';
import { createClinic, expect, expectSynced, signIn, test, type Device } from './fixtures.ts';

/**
 * Books, through the sync API as another device of the clinic would, a new patient "Lee, Ann"
 * with an appointment of the signed-in user that is going on now (so it is today in any zone).
 * Answers the patient's id.
 */
async function seedAppointmentNow(page: Page): Promise<string> {
  return page.evaluate(async (schemaVersion) => {
    const me = await (await fetch('/api/auth/me')).json();
    const patientId = crypto.randomUUID();
    const start = new Date(Math.floor(Date.now() / 60_000) * 60_000 - 5 * 60_000);
    const mutations = [
      { name: 'patient.create', args: { id: patientId, givenName: 'Ann', familyName: 'Lee' } },
      {
        name: 'appointment.create',
        args: {
          id: crypto.randomUUID(),
          patientId,
          clinicianId: me.user.id,
          startsAt: start.toISOString(),
          endsAt: new Date(start.getTime() + 45 * 60_000).toISOString(),
          reason: 'Knee review',
        },
      },
    ];
    const response = await fetch('/api/sync/push', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        clientId: crypto.randomUUID(),
        schemaVersion,
        mutations: mutations.map((mutation, index) => ({
          id: crypto.randomUUID(),
          seq: index + 1,
          ...mutation,
        })),
      }),
    });
    const { results } = await response.json();
    const refused = results.filter((result: { status: string }) => result.status === 'rejected');
    if (!response.ok || refused.length > 0) throw new Error(JSON.stringify(results));
    return patientId;
  }, SCHEMA_VERSION);
}

async function openToday(page: Page) {
  await page.goto('/today');
  await expect(page.getByRole('heading', { name: 'Today', level: 1 })).toBeVisible();
}

function myDay(page: Page) {
  return page.getByRole('region', { name: 'My day' });
}

async function startNote(device: Device, text: string) {
  const { page } = device;
  await myDay(page)
    .getByRole('button', { name: /^Start note/ })
    .click();
  await expect(page.getByRole('heading', { name: 'SOAP note' })).toBeVisible();
  await page.getByLabel('Subjective').fill(text);
  await page.getByLabel('Subjective').blur();
  await expect(page.getByText(/Saved on this device|Synced/)).toBeVisible();
}

test('a note started from the appointment, signed, offers to complete the appointment', async ({
  openDevice,
}) => {
  const device = await openDevice('tablet A');
  const { page } = device;
  await createClinic(page);
  await seedAppointmentNow(page);
  await openToday(page);
  const row = myDay(page).getByRole('listitem').filter({ hasText: 'Lee, Ann' });
  await expect(row).toContainText('Knee review');
  await expect(row).toContainText('Booked');

  await startNote(device, 'Knee pain on stairs');
  await expect(page.getByText('Note of the appointment')).toBeVisible();
  await page.getByLabel('Assessment').fill('Patellofemoral pain');
  await page.getByLabel('Plan').fill('Quadriceps programme');
  await page.getByRole('button', { name: 'Sign record' }).click();
  await page
    .getByRole('dialog', { name: 'Sign this record?' })
    .getByRole('button', { name: 'Sign record' })
    .click();
  await expect(page.getByText(/^Signed by/)).toBeVisible();

  await page.getByRole('button', { name: 'Mark the appointment completed' }).click();
  await expect(page.getByText('Appointment marked completed on this device.')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Mark the appointment completed' })).toHaveCount(0);

  await openToday(page);
  await expect(row).toContainText('Completed');
  await expect(row.getByRole('button', { name: /^Open note/ })).toBeVisible();
  await expectSynced(page);
});

test('two devices start the note of one appointment offline: one note, the other text recoverable and copied into it', async ({
  openDevice,
}) => {
  const a = await openDevice('tablet A');
  const b = await openDevice('desktop B');
  // The browser asks for the icon again on a page it opens offline, and logs that it failed.
  for (const device of [a, b]) device.allowConsoleErrors(/ERR_INTERNET_DISCONNECTED .*\/favicon\./);
  const account = await createClinic(a.page);
  await signIn(b.page, account);
  const patientId = await seedAppointmentNow(a.page);
  for (const device of [a, b]) {
    await openToday(device.page);
    await expect(myDay(device.page)).toContainText('Lee, Ann');
    await expectSynced(device.page);
  }

  await a.goOffline();
  await b.goOffline();
  await startNote(a, 'Written on A');
  await startNote(b, 'Written on B');

  await a.goOnline();
  await expectSynced(a.page);
  await b.goOnline();
  const attention = b.page.getByRole('button', { name: /1 needs? attention/ });
  await expect(attention).toBeVisible();
  await attention.click();
  const dialog = b.page.getByRole('dialog', { name: 'Needs attention' });
  await expect(dialog).toContainText('New note of an appointment');
  await expect(dialog).toContainText('This appointment already has a note.');
  await expect(dialog.getByRole('button', { name: 'Open the existing note' })).toBeVisible();
  await dialog.getByRole('button', { name: 'Copy my text into it' }).click();

  await expect(b.page.getByLabel('Subjective')).toHaveValue('Written on A\n\nWritten on B');
  await expectSynced(b.page);
  await expect(b.page.getByRole('button', { name: /needs? attention/ })).toHaveCount(0);
  await expect(a.page.getByLabel('Subjective')).toHaveValue('Written on A\n\nWritten on B');

  for (const device of [a, b]) {
    await device.page.goto(`/patients/${patientId}`);
    await expect(device.page.locator('[data-record-row]')).toHaveCount(1);
  }
});

for (const size of [
  { width: 390, height: 844 },
  { width: 1280, height: 800 },
]) {
  test(`Today has no WCAG 2.1 AA violations at ${size.width} px wide`, async ({ openDevice }) => {
    const device = await openDevice(size.width < 500 ? 'phone A' : 'desktop A');
    const { page } = device;
    await page.setViewportSize(size);
    await createClinic(page);
    await openToday(page);
    await expect(page.getByText('You have no appointments today.')).toBeVisible();
    await expect(page.getByRole('link', { name: 'Book appointment' })).toBeVisible();
    const empty = await new AxeBuilder({ page })
      .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
      .analyze();
    await seedAppointmentNow(page);
    await openToday(page);
    await startNote(device, 'Draft for the list');
    await openToday(page);
    await expect(page.getByRole('region', { name: 'My drafts' })).toContainText('Lee, Ann');
    await page.getByRole('button', { name: /^Arrived/ }).click();
    await expect(page.getByRole('button', { name: 'Undo' })).toBeVisible();
    const full = await new AxeBuilder({ page })
      .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
      .analyze();
    const found = [...empty.violations, ...full.violations].flatMap((violation) =>
      violation.nodes.map(
        (node) => `${violation.id}: ${violation.help} at ${node.target.join(' ')}`,
      ),
    );
    expect(found, found.join('\n')).toEqual([]);
  });
}
