import {
  addPatient,
  createClinic,
  editPatient,
  expect,
  expectSynced,
  openPatient,
  syncStatus,
  test,
} from './fixtures.ts';

test('an unknown address shows a page in the app shell with a way back', async ({ openDevice }) => {
  const desktop = await openDevice('desktop');
  await createClinic(desktop.page);

  await desktop.page.goto('/no-such-page');
  await expect(desktop.page.getByRole('heading', { name: 'Page not found' })).toBeVisible();
  await expect(syncStatus(desktop.page)).toBeVisible();
  await desktop.page.getByRole('link', { name: 'Go to patients' }).click();
  await expect(desktop.page.getByRole('link', { name: 'New patient' })).toBeVisible();
});

test('offline, the status says when the last sync was and why Sync now waits', async ({
  openDevice,
}) => {
  const tablet = await openDevice('tablet');
  await createClinic(tablet.page);
  await expect(syncStatus(tablet.page)).toContainText('Last sync just now');

  await tablet.goOffline();
  await expect(syncStatus(tablet.page)).toContainText(/Last sync at \d{1,2}:\d{2}/);
  const syncNow = syncStatus(tablet.page).getByRole('button', { name: 'Sync now' });
  await expect(syncNow).toBeDisabled();
  await expect(syncNow).toHaveAccessibleDescription('Syncs when back online.');

  await tablet.goOnline();
  await expect(syncNow).toBeEnabled();
});

test('the patient list sorts by name, seen or changed, and filters to drafts or unsynced changes', async ({
  openDevice,
}) => {
  const tablet = await openDevice('tablet');
  await createClinic(tablet.page);
  await addPatient(tablet.page, { given: 'Ann', family: 'Lee' });
  await addPatient(tablet.page, { given: 'Bo', family: 'Nguyen' });
  await expectSynced(tablet.page);
  const page = tablet.page;
  const patients = () => page.getByRole('list', { name: 'Patients' }).getByRole('link');

  // A draft for Nguyen, then an offline edit of Lee.
  await openPatient(page, 'Nguyen, Bo');
  await page.getByRole('button', { name: 'New record' }).click();
  await page
    .getByRole('dialog', { name: 'New record' })
    .getByRole('button', { name: /^SOAP note/ })
    .click();
  await page.getByLabel('Subjective').fill('Shoulder pain\nfor two weeks');
  await expect(page.getByText('Saved on this device').or(page.getByText('Synced'))).toBeVisible();
  await expectSynced(page);
  // The record's row shows what was written.
  await page.getByRole('link', { name: '← Nguyen, Bo' }).click();
  await expect(page.getByRole('list', { name: 'Records' })).toContainText('Shoulder pain');

  // A template picked for Lee and left without an answer leaves no empty draft behind.
  await openPatient(page, 'Lee, Ann');
  await page.getByRole('button', { name: 'New record' }).click();
  await page
    .getByRole('dialog', { name: 'New record' })
    .getByRole('button', { name: /^SOAP note/ })
    .click();
  await expect(page.getByLabel('Subjective')).toBeVisible();
  await page.getByRole('link', { name: '← Lee, Ann' }).click();
  await expect(page.getByRole('button', { name: 'Edit' })).toBeVisible();
  await expect(page.getByRole('list', { name: 'Records' })).toHaveCount(0);
  await expectSynced(page);
  await tablet.goOffline();
  await editPatient(page, 'Lee, Ann', { Phone: '555 0100' });
  await page.getByRole('link', { name: 'Patients', exact: true }).click();

  await expect(patients()).toHaveText([/^Lee, Ann/, /^Nguyen, Bo/]);
  await page.getByLabel('Sort', { exact: true }).selectOption('Recently seen');
  await expect(patients()).toHaveText([/^Nguyen, Bo/, /^Lee, Ann/]);
  await page.getByLabel('Sort', { exact: true }).selectOption('Recently changed');
  await expect(patients()).toHaveText([/^Lee, Ann/, /^Nguyen, Bo/]);

  await page.getByLabel('Show', { exact: true }).selectOption('Has drafts');
  await expect(patients()).toHaveText([/^Nguyen, Bo/]);
  await page.getByLabel('Show', { exact: true }).selectOption('Changed here, not yet synced');
  await expect(patients()).toHaveText([/^Lee, Ann/]);
  await tablet.goOnline();
  await expectSynced(page);
  await expect(page.getByRole('heading', { name: 'No patients here' })).toBeVisible();
});
