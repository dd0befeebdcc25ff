import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import {
  addPatient,
  createClinic,
  expect,
  expectSynced,
  openPatient,
  signIn,
  syncStatus,
  test,
} from './fixtures.ts';

/** Opens the patient and starts a record with one of the clinic's templates. */
async function newRecord(page: Page, patient: string, template: string) {
  await openPatient(page, patient);
  await page.getByRole('button', { name: 'New record' }).click();
  const chooser = page.getByRole('dialog', { name: 'New record' });
  await chooser.getByRole('button', { name: new RegExp(`^${template}`) }).click();
  await expect(page.getByRole('heading', { level: 1, name: template })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Sign record' })).toBeVisible();
}

async function openRecord(page: Page, patient: string, template: string) {
  await openPatient(page, patient);
  await records(page)
    .getByRole('link', { name: new RegExp(template) })
    .click();
  await expect(page.getByRole('heading', { level: 1, name: template })).toBeVisible();
}

function records(page: Page) {
  return page.getByRole('list', { name: 'Records' });
}

function saveStatus(page: Page) {
  return page
    .getByRole('status')
    .filter({ hasText: /Saving|Saved on this device|Synced|Not saved/ });
}

async function signRecord(page: Page) {
  await page.getByRole('button', { name: 'Sign record' }).click();
  const dialog = page.getByRole('dialog', { name: 'Sign this record?' });
  await expect(dialog).toContainText(
    "Signed records can't be changed; add an addendum for corrections.",
  );
  await dialog.getByRole('button', { name: 'Sign record' }).click();
  await expect(page.getByText(/^Signed by/)).toBeVisible();
}

test('records written offline survive a reload, reach a second device, and a late edit to a record signed elsewhere becomes an addendum', async ({
  openDevice,
}) => {
  const a = await openDevice('tablet A');
  const b = await openDevice('desktop B');
  const account = await createClinic(a.page);
  await addPatient(a.page, { given: 'Rosa', family: 'Diaz' });
  // The first sync brings the clinic's built-in templates to device A.
  await expectSynced(a.page);
  await signIn(b.page, account);

  await a.goOffline();
  await expect(syncStatus(a.page)).toContainText('Offline');
  await newRecord(a.page, 'Diaz, Rosa', 'SOAP note');
  await a.page.getByLabel('Subjective').fill('Knee pain for two weeks');
  await a.page.getByLabel('Assessment').fill('Patellofemoral pain');
  await a.page.getByLabel('Plan').fill('Quadriceps exercises, review in two weeks');
  await expect(saveStatus(a.page)).toHaveText(/Saved on this device/);

  await newRecord(a.page, 'Diaz, Rosa', 'Vital signs');
  await a.page.getByLabel('Heart rate').fill('72');
  await a.page.getByLabel('Blood pressure, systolic').fill('120');
  await a.page.getByLabel('Blood pressure, diastolic').fill('80');
  await expect(saveStatus(a.page)).toHaveText(/Saved on this device/);

  await a.page.reload();
  await expect(syncStatus(a.page)).toContainText('Offline');
  await expect(a.page.getByLabel('Heart rate')).toHaveValue('72');
  await openPatient(a.page, 'Diaz, Rosa');
  await expect(records(a.page).getByRole('link')).toHaveCount(2);
  await openRecord(a.page, 'Diaz, Rosa', 'SOAP note');
  await expect(a.page.getByLabel('Plan')).toHaveValue('Quadriceps exercises, review in two weeks');

  await a.goOnline();
  await expectSynced(a.page);
  await expect(saveStatus(a.page)).toHaveText('Synced');

  await openRecord(b.page, 'Diaz, Rosa', 'Vital signs');
  await expect(b.page.getByLabel('Heart rate')).toHaveValue('72');
  await expect(b.page.getByLabel('Blood pressure, diastolic')).toHaveValue('80');
  await openRecord(b.page, 'Diaz, Rosa', 'SOAP note');
  await expect(b.page.getByLabel('Subjective')).toHaveValue('Knee pain for two weeks');

  // A goes offline before B signs, and keeps writing.
  await a.goOffline();
  await signRecord(b.page);
  await expectSynced(b.page);
  await a.page.getByLabel('Plan').fill('Quadriceps exercises, review in one week');
  await expect(saveStatus(a.page)).toHaveText(/Saved on this device/);

  await a.goOnline();
  const notice = a.page.getByRole('alert').filter({ hasText: 'signed on another device' });
  await expect(notice).toContainText(
    'This record was signed on another device. Your changes were not added.',
  );
  // The record shows as signed, with the values B signed: the refused edit is not among them.
  await expect(a.page.getByText(/^Signed by/)).toBeVisible();
  const signedValues = a.page.getByRole('region', { name: 'Signed values' });
  await expect(signedValues).toContainText('review in two weeks');
  await expect(signedValues).not.toContainText('review in one week');
  await notice.getByRole('button', { name: 'Add them as an addendum' }).click();
  const addendum = a.page.getByLabel('Addendum');
  await expect(addendum).toBeFocused();
  await expect(addendum).toHaveValue(/review in one week/);
  await a.page.getByRole('button', { name: 'Save addendum' }).click();
  await expect(notice).toHaveCount(0);
  await expectSynced(a.page);

  const addenda = b.page.getByRole('region', { name: 'Addenda' });
  await expect(addenda.getByRole('listitem')).toHaveCount(1);
  await expect(addenda).toContainText('review in one week');
  await expect(addenda).toContainText('Ana Owner');
  await openPatient(b.page, 'Diaz, Rosa');
  await expect(records(b.page).getByRole('link', { name: /SOAP note/ })).toContainText(
    '1 addendum',
  );
});

test('the same answer changed offline on two devices keeps the later one and tells both', async ({
  openDevice,
}) => {
  const a = await openDevice('tablet A');
  const b = await openDevice('desktop B');
  const account = await createClinic(a.page);
  await addPatient(a.page, { given: 'Ines', family: 'Kahn' });
  await expectSynced(a.page);
  await newRecord(a.page, 'Kahn, Ines', 'SOAP note');
  await a.page.getByLabel('Subjective').fill('Ankle sprain');
  await expect(saveStatus(a.page)).toHaveText('Synced');
  await signIn(b.page, account);
  await openRecord(b.page, 'Kahn, Ines', 'SOAP note');
  await expect(b.page.getByLabel('Subjective')).toHaveValue('Ankle sprain');

  await a.goOffline();
  await b.goOffline();
  await a.page.getByLabel('Plan').fill('Ice and elevation');
  await a.page.getByLabel('Assessment').fill('Grade 1 sprain');
  await expect(saveStatus(a.page)).toHaveText(/Saved on this device/);
  await b.page.getByLabel('Plan').fill('Heat and rest');
  await expect(saveStatus(b.page)).toHaveText(/Saved on this device/);
  await a.goOnline();
  await expectSynced(a.page);
  await b.goOnline();
  await expectSynced(b.page);

  for (const device of [a, b]) {
    // B arrived later, so its plan wins; A's different field merged in.
    await expect(device.page.getByLabel('Plan')).toHaveValue('Heat and rest');
    await expect(device.page.getByLabel('Assessment')).toHaveValue('Grade 1 sprain');
    await expect(
      device.page.getByText(/Plan: .*“Ice and elevation”.*“Heat and rest”.*kept in history/),
    ).toBeVisible();
  }
});

test('an incomplete record cannot be signed, and says why in the shared messages', async ({
  openDevice,
}) => {
  const { page } = await openDevice('desktop A');
  await createClinic(page);
  await addPatient(page, { given: 'Sam', family: 'Ito' });
  await expectSynced(page);

  await newRecord(page, 'Ito, Sam', 'Vital signs');
  await page.getByLabel('Heart rate').fill('400');
  // Shown as the user types, before any attempt to sign.
  await expect(page.getByText('Heart rate must be between 20 and 300 /min.')).toBeVisible();

  await newRecord(page, 'Ito, Sam', 'SOAP note');
  await page.getByLabel('Subjective').fill('Follow-up');
  await page.getByRole('button', { name: 'Sign record' }).click();
  const summary = page.getByRole('alert').filter({ hasText: 'Please correct 2 fields' });
  await expect(summary).toBeVisible();
  await expect(page.getByRole('dialog', { name: 'Sign this record?' })).toHaveCount(0);
  await expect(page.getByText('Assessment is required.')).toBeVisible();
  await expect(page.getByText('Plan is required.')).toBeVisible();

  await summary.getByRole('button', { name: 'Plan' }).click();
  await expect(page.getByLabel('Plan')).toBeFocused();
  await page.getByLabel('Plan').fill('Continue exercises');
  await page.getByLabel('Assessment').fill('Improving');
  await expect(page.getByText('Plan is required.')).toHaveCount(0);
  await signRecord(page);
  await expect(page.getByRole('button', { name: 'Sign record' })).toHaveCount(0);
});

test('a draft can be deleted and restored; a signed record can be archived but not deleted', async ({
  openDevice,
}) => {
  const { page } = await openDevice('phone A');
  await createClinic(page);
  await addPatient(page, { given: 'Lin', family: 'Moreau' });
  await expectSynced(page);

  await newRecord(page, 'Moreau, Lin', 'SOAP note');
  await page.getByLabel('Subjective').fill('Shoulder stiffness');
  await page.getByRole('button', { name: 'Delete draft' }).click();
  await page
    .getByRole('dialog', { name: 'Delete this draft?' })
    .getByRole('button', { name: 'Delete draft' })
    .click();
  await expect(page.getByText('This draft was deleted')).toBeVisible();

  await openPatient(page, 'Moreau, Lin');
  await expect(page.getByRole('heading', { name: 'No records yet' })).toBeVisible();
  await page.getByLabel('Show deleted drafts').check();
  const row = records(page).getByRole('listitem').filter({ hasText: 'SOAP note' });
  await expect(row).toContainText('Deleted draft');
  await row.getByRole('button', { name: /Restore/ }).click();
  await expect(row).not.toContainText('Deleted');
  await expect(row).toContainText('Draft');

  await openRecord(page, 'Moreau, Lin', 'SOAP note');
  // The text typed before the delete came back with the draft.
  await expect(page.getByLabel('Subjective')).toHaveValue('Shoulder stiffness');
  await page.getByLabel('Assessment').fill('Adhesive capsulitis');
  await page.getByLabel('Plan').fill('Mobilisation');
  await signRecord(page);
  await expect(page.getByRole('button', { name: /Delete/ })).toHaveCount(0);
  await expect(page.getByText('A signed record can be archived, never deleted.')).toBeVisible();
  await page.getByRole('button', { name: 'Archive record' }).click();
  await expect(page.getByText(/^Archived by/)).toBeVisible();

  await openPatient(page, 'Moreau, Lin');
  await expect(page.getByText('1 archived record hidden')).toBeVisible();
  await page.getByLabel('Show archived').check();
  await expect(records(page).getByRole('link', { name: /SOAP note/ })).toContainText('Archived');
  await expectSynced(page);
});

for (const device of ['phone A', 'desktop A']) {
  test(`records work from the keyboard and have no WCAG 2.1 AA violations on a ${device.split(' ')[0]}`, async ({
    openDevice,
  }) => {
    const { page } = await openDevice(device);
    await createClinic(page);
    await addPatient(page, { given: 'Ola', family: 'Berg' });
    await expectSynced(page);
    const found: string[] = [];
    const check = async (screen: string) => {
      const results = await new AxeBuilder({ page })
        .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
        .analyze();
      for (const violation of results.violations)
        for (const node of violation.nodes)
          found.push(`${screen}: ${violation.id} at ${node.target.join(' ')}`);
    };

    await openPatient(page, 'Berg, Ola');
    await check('patient page, no records');
    await page.getByRole('button', { name: 'New record' }).click();
    const chooser = page.getByRole('dialog', { name: 'New record' });
    await expect(chooser.getByRole('button', { name: /^SOAP note/ })).toBeFocused();
    await check('template chooser');
    await page.keyboard.press('ArrowDown');
    await expect(chooser.getByRole('button', { name: /^Vital signs/ })).toBeFocused();
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('Enter');
    await expect(page.getByRole('heading', { level: 1, name: 'SOAP note' })).toBeVisible();
    await page.getByRole('button', { name: 'Sign record' }).click();
    await expect(page.getByRole('alert').filter({ hasText: 'Please correct' })).toBeVisible();
    await check('draft with errors');
    await page.getByLabel('Subjective').fill('Review');
    await page.getByLabel('Assessment').fill('Stable');
    await page.getByLabel('Plan').fill('Continue');
    await signRecord(page);
    await page.getByRole('button', { name: 'Add addendum' }).click();
    await expect(page.getByLabel('Addendum')).toBeFocused();
    await page.getByRole('button', { name: 'Show history' }).click();
    await expect(page.getByText('Version 1', { exact: true })).toBeVisible();
    await check('signed record with addendum form and history');
    await openPatient(page, 'Berg, Ola');
    await expect(records(page).getByRole('link')).toHaveCount(1);
    await check('patient page with a record');

    expect(found, found.join('\n')).toEqual([]);
  });
}

test('diagnoses: an abbreviation finds its code, picking it adds it, the list stays in view, and an untouched row is not saved', async ({
  openDevice,
}) => {
  const tablet = await openDevice('tablet');
  await createClinic(tablet.page);
  await addPatient(tablet.page, { given: 'Gil', family: 'Ortiz' });
  await expectSynced(tablet.page);
  await newRecord(tablet.page, 'Ortiz, Gil', 'SOAP note');
  const diagnoses = tablet.page.getByRole('group', { name: 'Diagnoses', exact: true });
  const search = diagnoses.getByRole('combobox', { name: 'Search ICD-10 codes' });

  // The search sits at the bottom of the screen: the matches open above it, in view.
  await search.evaluate((input) => input.scrollIntoView({ block: 'end' }));
  await search.fill('copd');
  const options = tablet.page.getByRole('listbox', { name: 'Matching ICD-10 codes' });
  await expect(options.getByRole('option').first()).toContainText('J44.9');
  await expect(options).toBeInViewport({ ratio: 1 });
  await options.getByRole('option').first().click();
  await expect(diagnoses.getByRole('group', { name: 'Diagnosis 1' })).toBeVisible();
  await expect(diagnoses.getByLabel('Diagnosis code 1')).toHaveValue('J44.9');

  // "Add diagnosis" then nothing typed: the empty row is not saved.
  await diagnoses.getByRole('button', { name: 'Add diagnosis' }).click();
  await expect(diagnoses.getByRole('group', { name: 'Diagnosis 2' })).toBeVisible();
  await expect(saveStatus(tablet.page)).toHaveText(/Saved on this device|Synced/);
  await tablet.page.reload();
  await expect(diagnoses.getByRole('group', { name: 'Diagnosis 1' })).toBeVisible();
  await expect(diagnoses.getByRole('group', { name: 'Diagnosis 2' })).toHaveCount(0);
});
