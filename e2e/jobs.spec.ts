import AxeBuilder from '@axe-core/playwright';
import { createClinic, expect, expectSynced, openSettings, test } from './fixtures.ts';

test("the owner sees the nightly cleanup's last run under Settings → Jobs, and offline is told why not", async ({
  openDevice,
}) => {
  const device = await openDevice('phone A');
  const { page } = device;
  await createClinic(page);
  await expectSynced(page);

  await openSettings(page, 'Jobs');
  await expect(page.getByRole('heading', { level: 1, name: 'Jobs' })).toBeVisible();
  // A new clinic missed last night's 03:00: the server runs it at once, and it finds nothing.
  const runs = page.getByRole('list', { name: 'Job runs' });
  const cleanup = runs.getByRole('listitem').filter({ hasText: 'Nightly cleanup' });
  // The reminders look every few seconds here; their idle passes show as the latest one only.
  const reminders = runs.getByRole('listitem').filter({ hasText: 'Appointment reminders' });
  await expect(async () => {
    await page.reload();
    await expect(cleanup).toHaveCount(1, { timeout: 1_000 });
    await expect(reminders.first()).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 30_000 });
  await expect(cleanup).toContainText('Done');
  await expect(cleanup).toContainText('Nothing to remove');
  await expect(reminders.first()).toContainText(/Nothing to send|Still running/);
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  expect(results.violations.map((violation) => violation.id)).toEqual([]);

  await device.goOffline();
  await page.reload();
  await expect(page.getByText('You are offline. The jobs’ runs are on the server')).toBeVisible();
});
