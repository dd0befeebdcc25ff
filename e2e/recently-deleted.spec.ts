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

test('a deleted patient is found in Recently deleted with who deleted it and the days left, and restored', async ({
  openDevice,
}) => {
  const device = await openDevice('tablet A');
  const { page } = device;
  await createClinic(page);
  await addPatient(page, { given: 'Ann', family: 'Lee' });
  await openPatient(page, 'Lee, Ann');
  await page.getByRole('button', { name: 'Delete patient' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Delete', exact: true }).click();
  await expect(page.getByText('Patient deleted on this device.')).toBeVisible();
  await expectSynced(page);

  await openSettings(page, 'Recently deleted');
  const patients = page.getByRole('region', { name: /Patients/ });
  await expect(patients.getByRole('listitem')).toHaveCount(1);
  await expect(patients.getByRole('listitem')).toContainText('Lee, Ann');
  await expect(patients.getByRole('listitem')).toContainText('Deleted by Ana Owner');
  await expect(patients.getByRole('listitem')).toContainText('30 days left to restore');
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  expect(results.violations.map((violation) => violation.id)).toEqual([]);

  await patients.getByRole('button', { name: 'Restore Lee, Ann' }).click();
  await expect(page.getByText('Lee, Ann restored on this device.')).toBeVisible();
  await expect(page.getByText('Nothing has been deleted.')).toBeVisible();
  await expectSynced(page);
  await page.getByRole('link', { name: 'Patients', exact: true }).click();
  await expect(page.getByRole('link', { name: 'Lee, Ann' })).toBeVisible();
});
