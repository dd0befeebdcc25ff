import {
  addPatient,
  createClinic,
  editPatient,
  expect,
  expectSynced,
  openPatient,
  signIn,
  syncStatus,
  test,
} from './fixtures.ts';

test('patients made offline survive a reload and reach a second device when back online', async ({
  openDevice,
}) => {
  const tablet = await openDevice('tablet A');
  const desktop = await openDevice('desktop B');
  const account = await createClinic(tablet.page);
  await signIn(desktop.page, account);

  await tablet.goOffline();
  await expect(syncStatus(tablet.page)).toContainText('Offline');
  await addPatient(tablet.page, { given: 'Ann', family: 'Lee', identifier: 'MRN-1' });
  await addPatient(tablet.page, { given: 'Bo', family: 'Nguyen' });
  await addPatient(tablet.page, { given: 'Cy', family: 'Okafor' });
  await editPatient(tablet.page, 'Lee, Ann', { Phone: '+44 20 7946 0000' });
  // The edit folds into Ann's create, which has not left the device yet.
  await expect(syncStatus(tablet.page)).toContainText('3 changes waiting');

  await tablet.page.reload();
  await expect(syncStatus(tablet.page)).toContainText('Offline');
  await expect(syncStatus(tablet.page)).toContainText('3 changes waiting');
  await tablet.page.getByRole('link', { name: 'Patients', exact: true }).click();
  for (const name of ['Lee, Ann', 'Nguyen, Bo', 'Okafor, Cy']) {
    await expect(tablet.page.getByRole('link', { name })).toBeVisible();
  }
  await expect(desktop.page.getByRole('link', { name: 'Lee, Ann' })).toHaveCount(0);

  await tablet.goOnline();
  await expectSynced(tablet.page);
  // Device B learns through the live event stream: no reload, no click.
  for (const name of ['Lee, Ann', 'Nguyen, Bo', 'Okafor, Cy']) {
    await expect(desktop.page.getByRole('link', { name })).toBeVisible();
  }
  await openPatient(desktop.page, 'Lee, Ann');
  await expect(desktop.page.getByText('+44 20 7946 0000')).toBeVisible();
});

test('offline edits of different fields merge; the same field keeps the later and says so', async ({
  openDevice,
}) => {
  const a = await openDevice('tablet A');
  const b = await openDevice('desktop B');
  const account = await createClinic(a.page);
  await addPatient(a.page, { given: 'Dee', family: 'Park', phone: '111' });
  await expectSynced(a.page);
  await signIn(b.page, account);
  await expect(b.page.getByRole('link', { name: 'Park, Dee' })).toBeVisible();

  await a.goOffline();
  await b.goOffline();
  await editPatient(a.page, 'Park, Dee', { Notes: 'Allergic to latex', Phone: '222' });
  await editPatient(b.page, 'Park, Dee', { Identifier: 'MRN-77', Phone: '333' });

  await a.goOnline();
  await expectSynced(a.page);
  await b.goOnline();
  await expectSynced(b.page);

  for (const device of [a, b]) {
    await openPatient(device.page, 'Park, Dee');
    await expect(device.page.getByText('Allergic to latex')).toBeVisible();
    await expect(device.page.getByText('MRN-77')).toBeVisible();
    // B arrived later, so its phone wins; A's value is kept in history and both are told.
    await expect(device.page.getByText('333', { exact: true })).toBeVisible();
    await expect(device.page.getByText(/Phone: .*“222”.*“333”.*kept in history/)).toBeVisible();
  }
});

test('while the server answers 500 the queue waits, then drains with nothing lost', async ({
  openDevice,
}) => {
  const a = await openDevice('tablet A');
  const b = await openDevice('desktop B');
  const account = await createClinic(a.page);
  await signIn(b.page, account);

  a.allowConsoleErrors(/status of 500 .*\/api\/sync\/push/);
  a.gate.failWith500('/api/sync/push');
  await addPatient(a.page, { given: 'Eve', family: 'Quinn' });
  await addPatient(a.page, { given: 'Fay', family: 'Rossi' });
  await expect.poll(() => a.gate.failedCount()).toBeGreaterThan(1);
  await expect(syncStatus(a.page)).toContainText('2 changes waiting');
  await expect(b.page.getByRole('link', { name: 'Quinn, Eve' })).toHaveCount(0);

  a.gate.failWith500(null);
  // No reload and no click: the backoff loop retries on its own (its ceiling is 60 s).
  await expect(syncStatus(a.page)).toContainText('All changes synced', { timeout: 75_000 });
  await expect(b.page.getByRole('link', { name: 'Quinn, Eve' })).toBeVisible();
  await expect(b.page.getByRole('link', { name: 'Rossi, Fay' })).toBeVisible();
});

test('a rejected change waits under needs attention, later changes still sync, and it can be fixed', async ({
  openDevice,
}) => {
  const a = await openDevice('tablet A');
  const b = await openDevice('desktop B');
  const account = await createClinic(a.page);
  await signIn(b.page, account);

  await b.goOffline();
  await addPatient(a.page, { given: 'Gus', family: 'Silva', identifier: 'MRN-9' });
  await expectSynced(a.page);
  await addPatient(b.page, { given: 'Hal', family: 'Tanaka', identifier: 'MRN-9' });
  await b.goOnline();

  const attention = b.page.getByRole('button', { name: /1 needs? attention/ });
  await expect(attention).toBeVisible();
  await addPatient(b.page, { given: 'Ida', family: 'Umar' });
  await expectSynced(b.page);
  await a.page.getByRole('link', { name: 'Patients', exact: true }).click();
  await expect(a.page.getByRole('link', { name: 'Umar, Ida' })).toBeVisible();
  await expect(a.page.getByRole('link', { name: 'Tanaka, Hal' })).toHaveCount(0);

  await attention.click();
  const dialog = b.page.getByRole('dialog', { name: 'Needs attention' });
  await expect(dialog).toContainText('MRN-9 is already used by another patient');
  await dialog.getByRole('button', { name: 'Fix' }).click();
  await b.page.getByLabel('Identifier').fill('MRN-10');
  await b.page.getByRole('button', { name: 'Save' }).click();
  await expectSynced(b.page);
  await expect(b.page.getByRole('button', { name: /needs? attention/ })).toHaveCount(0);
  await expect(a.page.getByRole('link', { name: 'Tanaka, Hal' })).toBeVisible();
});
