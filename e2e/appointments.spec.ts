import AxeBuilder from '@axe-core/playwright';
import type { Locator, Page } from '@playwright/test';
import {
  addPatient,
  createClinic,
  expect,
  expectSynced,
  openPatient,
  openSettings,
  signIn,
  syncStatus,
  test,
} from './fixtures.ts';

/** Presses Tab until `target` has focus: how a keyboard user gets there. */
async function tabTo(page: Page, target: Locator, limit = 40): Promise<void> {
  for (let presses = 0; presses < limit; presses++) {
    if (await target.evaluate((element) => element === document.activeElement)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached ${target.toString()}`);
}

function appointmentsSection(page: Page): Locator {
  return page.getByRole('region', { name: 'Appointments' });
}

test('a weekly series is booked from the patient page with the keyboard alone', async ({
  openDevice,
}) => {
  const { page } = await openDevice('desktop A');
  await createClinic(page);
  await addPatient(page, { given: 'Ann', family: 'Lee' });

  await tabTo(page, page.getByRole('button', { name: 'Book appointment' }));
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog', { name: 'Book appointment' });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByText('Lee, Ann')).toBeVisible();
  // The owner sees patients: the dialog books with them.
  await expect(dialog.getByLabel('Clinician')).toHaveValue(/.+/);

  await tabTo(page, dialog.getByLabel('Type'));
  await page.keyboard.press('ArrowDown');
  await expect(dialog.getByLabel('Type')).toHaveText(/Follow-up/);
  await expect(dialog.getByLabel('Duration (minutes)')).toHaveValue('30');
  await tabTo(page, dialog.getByLabel('Reason for visit'));
  await page.keyboard.type('Knee rehab');
  await tabTo(page, dialog.getByLabel('Repeat weekly'));
  await page.keyboard.press('Space');
  await tabTo(page, dialog.getByLabel('How many appointments'));
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.type('3');
  await expect(dialog.getByText('This makes 3 appointments:')).toBeVisible();
  await expect(
    dialog.getByRole('list', { name: 'This makes 3 appointments:' }).getByRole('listitem'),
  ).toHaveCount(3);
  await tabTo(page, dialog.getByRole('button', { name: 'Book 3 appointments' }));
  await page.keyboard.press('Enter');

  await expect(dialog).toBeHidden();
  const section = appointmentsSection(page);
  await expect(section.getByRole('button', { name: /Follow-up/ })).toHaveCount(3);
  await expectSynced(page);

  // Opening one with the keyboard shows it, and its status moves.
  await tabTo(page, section.getByRole('button', { name: /Follow-up/ }).first());
  await page.keyboard.press('Enter');
  const shown = page.getByRole('dialog', { name: 'Appointment' });
  await expect(shown.getByLabel('Reason for visit')).toHaveValue('Knee rehab');
  await tabTo(page, shown.getByRole('button', { name: 'Arrived' }));
  await page.keyboard.press('Enter');
  await expect(shown.getByRole('heading', { name: 'Status: Arrived' })).toBeVisible();
});

test('booked offline on a tablet, the appointment reaches a desktop of the clinic live', async ({
  openDevice,
}) => {
  const tablet = await openDevice('tablet A');
  const desktop = await openDevice('desktop B');
  await tablet.page.setViewportSize({ width: 820, height: 1180 });
  const account = await createClinic(tablet.page);
  await addPatient(tablet.page, { given: 'Bo', family: 'Nguyen' });
  await addPatient(tablet.page, { given: 'Cy', family: 'Okafor' });
  await expectSynced(tablet.page);
  await signIn(desktop.page, account);
  await openPatient(desktop.page, 'Nguyen, Bo');

  await tablet.goOffline();
  await expect(syncStatus(tablet.page)).toContainText('Offline');
  await openPatient(tablet.page, 'Okafor, Cy');
  await tablet.page.getByRole('button', { name: 'Book appointment' }).click();
  const dialog = tablet.page.getByRole('dialog', { name: 'Book appointment' });
  // Booked for another patient, found with the search inside the dialog.
  await dialog.getByRole('button', { name: 'Change patient' }).click();
  await dialog.getByRole('combobox', { name: 'Patient' }).fill('nguy');
  await expect(dialog.getByRole('option', { name: /Nguyen, Bo/ })).toBeVisible();
  await dialog.getByRole('combobox', { name: 'Patient' }).press('Enter');
  await expect(dialog.getByText('Nguyen, Bo')).toBeVisible();
  await dialog.getByLabel('Reason for visit').fill('Shoulder pain');
  await dialog.getByRole('button', { name: 'Book appointment' }).click();
  await expect(dialog).toBeHidden();
  await expect(syncStatus(tablet.page)).toContainText('1 change waiting');

  await openPatient(tablet.page, 'Nguyen, Bo');
  const onTablet = appointmentsSection(tablet.page);
  await expect(onTablet.getByText('Waiting to sync')).toBeVisible();
  await expect(appointmentsSection(desktop.page).getByRole('button')).toHaveCount(1); // Book only

  await tablet.goOnline();
  await expectSynced(tablet.page);
  await expect(onTablet.getByText('Waiting to sync')).toBeHidden();
  const onDesktop = appointmentsSection(desktop.page);
  await expect(onDesktop.getByRole('button', { name: /No type/ })).toBeVisible();
  await onDesktop.getByRole('button', { name: /No type/ }).click();
  await expect(
    desktop.page.getByRole('dialog', { name: 'Appointment' }).getByLabel('Reason for visit'),
  ).toHaveValue('Shoulder pain');
});

test('a booking refused because its type was deleted meanwhile is fixed from needs attention', async ({
  openDevice,
}) => {
  const tablet = await openDevice('tablet A');
  const desktop = await openDevice('desktop B');
  const account = await createClinic(tablet.page);
  await addPatient(tablet.page, { given: 'Di', family: 'Evans' });
  await expectSynced(tablet.page);
  await signIn(desktop.page, account);

  await tablet.goOffline();
  await openPatient(tablet.page, 'Evans, Di');
  await tablet.page.getByRole('button', { name: 'Book appointment' }).click();
  const booking = tablet.page.getByRole('dialog', { name: 'Book appointment' });
  await booking.getByLabel('Type').selectOption({ label: 'Telehealth (20 min)' });
  await booking.getByRole('button', { name: 'Book appointment' }).click();
  await expect(booking).toBeHidden();

  await openSettings(desktop.page, 'Appointment types');
  await desktop.page.getByRole('button', { name: 'Delete Telehealth' }).click();
  await desktop.page.getByRole('dialog').getByRole('button', { name: 'Delete' }).click();
  // Deleted on the desktop (queued), then on the server: only then does the tablet come back.
  await expect(desktop.page.getByRole('heading', { name: 'Deleted types' })).toBeVisible();
  await expectSynced(desktop.page);

  await tablet.goOnline();
  const attention = tablet.page.getByRole('button', { name: /1 needs? attention/ });
  await attention.click();
  const needs = tablet.page.getByRole('dialog', { name: 'Needs attention' });
  await expect(needs).toContainText('New appointment');
  await expect(needs).toContainText('This appointment type was deleted. Choose another one.');
  await needs.getByRole('button', { name: 'Fix' }).click();

  const dialog = tablet.page.getByRole('dialog', { name: 'Appointment' });
  await expect(dialog).toContainText('The server did not accept: New appointment');
  // Not on the calendar (the rules refuse it on this device too): it is booked again, corrected.
  await dialog.getByLabel('Type').selectOption({ label: 'Follow-up (30 min)' });
  await dialog.getByRole('button', { name: 'Book appointment' }).click();
  await expect(dialog).toBeHidden();
  await expectSynced(tablet.page);
  await expect(tablet.page.getByRole('button', { name: /needs? attention/ })).toHaveCount(0);
  await openPatient(desktop.page, 'Evans, Di');
  await expect(
    appointmentsSection(desktop.page).getByRole('button', { name: /Follow-up/ }),
  ).toBeVisible();
});

const wcag21aa = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

async function violations(page: Page, screen: string): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(wcag21aa).analyze();
  return results.violations.flatMap((violation) =>
    violation.nodes.map(
      (node) =>
        `${screen}: [${violation.impact ?? 'unknown'}] ${violation.id}: ${violation.help}\n` +
        `    at ${node.target.join(' ')}\n` +
        `    ${(node.failureSummary ?? '').replaceAll('\n', '\n    ')}`,
    ),
  );
}

for (const size of [
  { width: 390, height: 844 },
  { width: 1280, height: 800 },
]) {
  test(`the appointment dialog and the types page have no WCAG 2.1 AA violations at ${size.width}px`, async ({
    openDevice,
  }) => {
    const { page } = await openDevice(size.width < 500 ? 'phone A' : 'desktop A');
    await page.setViewportSize(size);
    await createClinic(page);
    await addPatient(page, { given: 'Ann', family: 'Lee' });
    await expectSynced(page);
    const found: string[] = [];

    await page.getByRole('button', { name: 'Book appointment' }).click();
    const dialog = page.getByRole('dialog', { name: 'Book appointment' });
    await dialog.getByLabel('Repeat weekly').check();
    await dialog.getByLabel('Duration (minutes)').fill('0');
    await dialog.getByRole('button', { name: /^Book/ }).click();
    await expect(dialog.getByText('The end must be after the start.')).toBeVisible();
    found.push(...(await violations(page, 'booking dialog with errors')));
    await dialog.getByLabel('Duration (minutes)').fill('30');
    await dialog.getByRole('button', { name: /^Book/ }).click();
    await expect(dialog).toBeHidden();
    await appointmentsSection(page)
      .getByRole('button', { name: /No type/ })
      .first()
      .click();
    await expect(page.getByRole('dialog', { name: 'Appointment' })).toBeVisible();
    found.push(...(await violations(page, 'appointment dialog')));
    await page.keyboard.press('Escape');

    await page.goto('/settings/appointment-types');
    await expect(page.getByRole('heading', { name: 'Appointment types' })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Edit Follow-up' })).toBeVisible();
    found.push(...(await violations(page, 'appointment types')));
    await page.getByRole('button', { name: 'New appointment type' }).click();
    await page.getByRole('button', { name: 'Add type' }).click();
    await expect(page.getByText('Name is required.')).toBeVisible();
    found.push(...(await violations(page, 'new appointment type with errors')));

    expect(found.length, `WCAG 2.1 AA violations:\n${found.join('\n')}`).toBe(0);
  });
}
