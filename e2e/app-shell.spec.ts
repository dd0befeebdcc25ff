import { createClinic, expect, syncStatus, test } from './fixtures.ts';

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
  await expect(syncStatus(tablet.page)).toContainText(/Last sync just now \(\d{1,2}:\d{2}/);
  const syncNow = syncStatus(tablet.page).getByRole('button', { name: 'Sync now' });
  await expect(syncNow).toBeDisabled();
  await expect(syncNow).toHaveAccessibleDescription('Syncs when back online.');

  await tablet.goOnline();
  await expect(syncNow).toBeEnabled();
});
