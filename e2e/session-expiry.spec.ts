import {
  addPatient,
  createClinic,
  endSessionOnServer,
  expect,
  expectSynced,
  signIn,
  syncStatus,
  test,
  type Device,
} from './fixtures.ts';

/** Two patients made offline, then the server forgets the device's session while it is away. */
async function waitingChangesAndAnEndedSession(tablet: Device) {
  await tablet.goOffline();
  await addPatient(tablet.page, { given: 'Jo', family: 'Vance' });
  await addPatient(tablet.page, { given: 'Kim', family: 'Wu' });
  await expect(syncStatus(tablet.page)).toContainText('2 changes waiting');
  await endSessionOnServer(tablet);
  // The server's 401 is how the device learns the session ended; Chromium logs each one.
  tablet.allowConsoleErrors(/status of 401 /);
}

async function expectBothPatientsListed(device: Device) {
  await device.page.getByRole('link', { name: 'Patients', exact: true }).click();
  await expect(device.page.getByRole('link', { name: 'Vance, Jo' })).toBeVisible();
  await expect(device.page.getByRole('link', { name: 'Wu, Kim' })).toBeVisible();
}

test('an ended session holds the queue back with a sign-in notice; signing in again sends it', async ({
  openDevice,
}) => {
  const tablet = await openDevice('tablet A');
  const desktop = await openDevice('desktop B');
  const account = await createClinic(tablet.page);
  await signIn(desktop.page, account);
  await waitingChangesAndAnEndedSession(tablet);

  await tablet.goOnline();
  const notice = tablet.page.getByRole('link', { name: 'Sign in again to sync 2 waiting changes' });
  await expect(notice).toBeVisible();
  await expect(syncStatus(tablet.page)).toContainText('Online');
  await expect(syncStatus(tablet.page)).toContainText('2 changes waiting');
  await expectBothPatientsListed(tablet);
  await expect(desktop.page.getByRole('link', { name: 'Vance, Jo' })).toHaveCount(0);

  await notice.click();
  await expect(tablet.page.getByText('2 changes are waiting on this device')).toBeVisible();
  await tablet.page.getByLabel('Email').fill(account.email);
  await tablet.page.getByLabel('Password', { exact: true }).fill(account.password);
  await tablet.page.getByRole('button', { name: 'Sign in' }).click();

  await expectSynced(tablet.page);
  await expect(tablet.page.getByRole('link', { name: /Sign in again/ })).toHaveCount(0);
  await expectBothPatientsListed(tablet);
  await expectBothPatientsListed(desktop);
  // Live updates are back too: the other device's new patient arrives without a reload.
  await addPatient(desktop.page, { given: 'Lu', family: 'Xu' });
  await expect(tablet.page.getByRole('link', { name: 'Xu, Lu' })).toBeVisible();
});

test('reopening the app after the session ended asks for a sign-in and still holds the queue', async ({
  openDevice,
}) => {
  const tablet = await openDevice('tablet A');
  const desktop = await openDevice('desktop B');
  const account = await createClinic(tablet.page);
  await signIn(desktop.page, account);
  await waitingChangesAndAnEndedSession(tablet);

  await tablet.goOnline();
  await tablet.page.reload();
  await expect(tablet.page).toHaveURL(/\/login$/);
  await expect(tablet.page.getByText('2 changes are waiting on this device')).toBeVisible();

  await signIn(tablet.page, account);
  await expectSynced(tablet.page);
  await expectBothPatientsListed(tablet);
  await expectBothPatientsListed(desktop);
});
