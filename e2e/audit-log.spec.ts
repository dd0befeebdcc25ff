import AxeBuilder from '@axe-core/playwright';
import {
  addPatient,
  createClinic,
  expect,
  expectSynced,
  openPatient,
  openSettings,
  test,
} from './fixtures.ts';

test("the owner opens a patient's chart, and Settings → Audit log shows its create and the read by name", async ({
  openDevice,
}) => {
  const device = await openDevice('phone A');
  const { page } = device;
  await createClinic(page);
  await addPatient(page, { given: 'Ann', family: 'Lee' });
  await expectSynced(page);
  await openPatient(page, 'Lee, Ann');

  await openSettings(page, 'Audit log');
  await expect(page.getByRole('heading', { level: 1, name: 'Audit log' })).toBeVisible();
  const events = page.getByRole('list', { name: 'Audit events' }).getByRole('listitem');
  await expect(
    events.filter({ hasText: 'Opened a chart' }).filter({ hasText: 'Lee, Ann' }).first(),
  ).toContainText('Ana Owner');
  await expect(
    events.filter({ hasText: 'Added a patient' }).filter({ hasText: 'Lee, Ann' }),
  ).toHaveCount(1);
  await expect(page.getByRole('link', { name: 'Download CSV' })).toBeVisible();
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  expect(results.violations.map((violation) => violation.id)).toEqual([]);

  await device.goOffline();
  await page.reload();
  await expect(page.getByText('You are offline. The audit log is on the server')).toBeVisible();
});
