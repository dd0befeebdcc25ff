import {
  addPatient,
  createClinic,
  expect,
  expectSynced,
  signIn,
  syncStatus,
  test,
} from './fixtures.ts';

test('back online, a device hears of other devices’ changes at once, not after a retry timer', async ({
  openDevice,
}) => {
  const tablet = await openDevice('tablet A');
  const desktop = await openDevice('desktop B');
  // The tablet's timers run on a clock the test controls (time flows until it is paused).
  await tablet.context.clock.install();
  const account = await createClinic(tablet.page);
  await signIn(desktop.page, account);
  await expectSynced(tablet.page);

  let failedEventStreams = 0;
  tablet.page.on('requestfailed', (request) => {
    if (new URL(request.url()).pathname === '/api/sync/events') failedEventStreams++;
  });
  await tablet.goOffline();
  await expect(syncStatus(tablet.page)).toContainText('Offline');
  await expect.poll(() => failedEventStreams).toBeGreaterThan(0);

  // Stop the tablet's clock: no retry timer can fire from here on, so only coming back online
  // itself can reopen the live event stream.
  const now = await tablet.page.evaluate(() => Date.now());
  await tablet.context.clock.pauseAt(now + 50);
  await tablet.goOnline();
  await expectSynced(tablet.page);

  await addPatient(desktop.page, { given: 'Uma', family: 'Yates' });
  await expectSynced(desktop.page);
  await expect(tablet.page.getByRole('link', { name: 'Yates, Uma' })).toBeVisible();
});
