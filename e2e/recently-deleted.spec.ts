import AxeBuilder from '@axe-core/playwright';
import {
  addPatient,
  createClinic,
  expect,
  expectSynced,
  openPatient,
  openSettings,
  signIn,
  test,
} from './fixtures.ts';
import { chooseFiles, galleryTiles, generatedJpeg } from './photo-helpers.ts';

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

test('Delete now deletes a deleted patient for good, after a confirmation naming what goes, on every device', async ({
  openDevice,
}) => {
  const tablet = await openDevice('tablet A');
  const account = await createClinic(tablet.page);
  await addPatient(tablet.page, { given: 'Bo', family: 'Ng' });
  await openPatient(tablet.page, 'Ng, Bo');
  await tablet.page.getByRole('button', { name: 'Delete patient' }).click();
  await tablet.page
    .getByRole('dialog')
    .getByRole('button', { name: 'Delete', exact: true })
    .click();
  await expectSynced(tablet.page);

  const desktop = await openDevice('desktop');
  await signIn(desktop.page, account);
  await openSettings(desktop.page, 'Recently deleted');
  await expect(desktop.page.getByRole('region', { name: /Patients/ })).toContainText('Ng, Bo');

  await openSettings(tablet.page, 'Recently deleted');
  const patients = tablet.page.getByRole('region', { name: /Patients/ });
  await patients.getByRole('button', { name: 'Delete now Ng, Bo' }).click();
  const dialog = tablet.page.getByRole('dialog', { name: 'Delete for good?' });
  await expect(dialog).toContainText(
    'Ng, Bo goes for good. It cannot be restored afterwards, on any device.',
  );
  await dialog.getByRole('button', { name: 'Delete for good' }).click();
  await expect(tablet.page.getByText('Ng, Bo deleted for good.')).toBeVisible();
  await expect(tablet.page.getByText('Nothing has been deleted.')).toBeVisible();

  // The other device hears of the purge and forgets the patient too.
  await expect(desktop.page.getByText('Nothing has been deleted.')).toBeVisible();
});

test('a tablet offline across a purge forgets the purged patient and still sends its unsent work', async ({
  openDevice,
}) => {
  const desktop = await openDevice('desktop');
  const account = await createClinic(desktop.page);
  await addPatient(desktop.page, { given: 'Cy', family: 'Okafor' });
  await openPatient(desktop.page, 'Okafor, Cy');
  await desktop.page.getByRole('button', { name: 'Delete patient' }).click();
  await desktop.page
    .getByRole('dialog')
    .getByRole('button', { name: 'Delete', exact: true })
    .click();
  await expectSynced(desktop.page);

  const tablet = await openDevice('tablet');
  await signIn(tablet.page, account);
  await openSettings(tablet.page, 'Recently deleted');
  await expect(tablet.page.getByRole('region', { name: /Patients/ })).toContainText('Okafor, Cy');

  // Offline, the tablet adds a patient; meanwhile the desktop deletes Okafor for good.
  await tablet.goOffline();
  await addPatient(tablet.page, { given: 'Dee', family: 'Park' });
  await openSettings(desktop.page, 'Recently deleted');
  await desktop.page.getByRole('button', { name: 'Delete now Okafor, Cy' }).click();
  await desktop.page.getByRole('button', { name: 'Delete for good' }).click();
  await expect(desktop.page.getByText('Okafor, Cy deleted for good.')).toBeVisible();

  await tablet.goOnline();
  await expectSynced(tablet.page);
  await openSettings(tablet.page, 'Recently deleted');
  await expect(tablet.page.getByText('Nothing has been deleted.')).toBeVisible();
  await desktop.page.getByRole('link', { name: 'Patients', exact: true }).click();
  await expect(desktop.page.getByRole('link', { name: 'Park, Dee' })).toBeVisible();
});

test('a draft deleted offline takes its photo out of the gallery at once, and restoring it brings the photo back', async ({
  openDevice,
}) => {
  const tablet = await openDevice('tablet');
  const { page } = tablet;
  await createClinic(page);
  await addPatient(page, { given: 'Eve', family: 'Ng' });
  await page.getByRole('button', { name: 'New record' }).click();
  await page
    .getByRole('dialog', { name: 'New record' })
    .getByRole('button', { name: /^Wound assessment/ })
    .click();
  const field = page.getByRole('group', { name: 'Photos', exact: true });
  await chooseFiles(page, field, [await generatedJpeg(page, 7)], 1);
  await expect(field.getByRole('listitem')).toHaveCount(1);
  await expectSynced(page);

  // Offline, the photo leaves the gallery with the note at once.
  await tablet.goOffline();
  await page.getByRole('button', { name: 'Delete draft' }).click();
  await page
    .getByRole('dialog', { name: 'Delete this draft?' })
    .getByRole('button', { name: 'Delete draft' })
    .click();
  await expect(page.getByText('This draft was deleted')).toBeVisible();
  await openPatient(page, 'Ng, Eve');
  await expect(galleryTiles(page)).toHaveCount(0);
  await tablet.goOnline();
  await expectSynced(page);
  await expect(galleryTiles(page)).toHaveCount(0);

  // Listed once, as the note: its photo comes back with it.
  await openSettings(page, 'Recently deleted');
  const notes = page.getByRole('region', { name: /Draft notes/ });
  await expect(notes.getByRole('listitem')).toHaveCount(1);
  await expect(page.getByRole('region', { name: /Photos and attachments/ })).toHaveCount(0);
  await notes.getByRole('button', { name: /^Restore/ }).click();
  await expect(page.getByText('Nothing has been deleted.')).toBeVisible();
  await expectSynced(page);
  await openPatient(page, 'Ng, Eve');
  await expect(galleryTiles(page)).toHaveCount(1);
});
