import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { addPatient, createClinic, expect, expectSynced, openPatient, test } from './fixtures.ts';

/** Axe's WCAG 2.1 AA rule ids the page breaks as it is now. */
async function axeViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  return results.violations.map((violation) => violation.id);
}

test('allergies recorded on the patient form warn on the patient page and on every note, and signed diagnoses make the problem list', async ({
  openDevice,
}) => {
  const { page } = await openDevice('tablet');
  await createClinic(page);
  await addPatient(page, { given: 'Ines', family: 'Moreau' });
  await expectSynced(page);
  const allergies = page.getByRole('note', { name: 'Allergies' });
  await expect(allergies).toHaveText('Allergies not recorded');
  await expect(page.getByText('No diagnoses in signed notes yet.')).toBeVisible();

  await page.getByRole('button', { name: 'Edit' }).click();
  const allergyList = page.getByRole('group', { name: 'Allergies' });
  await allergyList.getByRole('button', { name: 'Add allergy' }).click();
  await expect(page.getByLabel('Allergy 1')).toBeFocused();
  await page.getByLabel('Allergy 1').fill('Penicillin');
  await allergyList.getByRole('button', { name: 'Add allergy' }).click();
  await page.getByLabel('Allergy 2').fill('Latex');
  // A listed allergy is never lost to "No known allergies": the box is not offered.
  await expect(allergyList.getByLabel('No known allergies')).toHaveCount(0);
  await page.getByLabel('Address').fill('4 Quai Nord\nLyon');
  const contact = page.getByRole('group', { name: 'Emergency contact (next of kin)' });
  await contact.getByLabel('Name').fill('Luc Moreau');
  await contact.getByLabel('Relationship').fill('Son');
  await contact.getByLabel('Contact number').fill('call me');
  await page.getByRole('button', { name: 'Save' }).click();
  // The same sentence the server would give, linked from the summary.
  await expect(
    page.getByText('Emergency contact phone may contain only digits, spaces and + ( ) . / -'),
  ).toBeVisible();
  expect(await axeViolations(page)).toEqual([]);
  await contact.getByLabel('Contact number').fill('+33 4 72 00 00 00');
  await page.getByRole('button', { name: 'Save' }).click();

  await expect(allergies).toContainText('Allergies: Penicillin, Latex');
  const details = page.getByRole('region', { name: 'Patient details' });
  await expect(details).toContainText('4 Quai Nord');
  await expect(details).toContainText('Luc Moreau');
  await expect(details.getByRole('link', { name: '+33 4 72 00 00 00' })).toBeVisible();
  await expectSynced(page);

  // A draft note shows the warning at its top; so does the note once signed.
  await page.getByRole('button', { name: 'New record' }).click();
  await page
    .getByRole('dialog', { name: 'New record' })
    .getByRole('button', { name: /^SOAP note/ })
    .click();
  await expect(page.getByRole('button', { name: 'Sign record' })).toBeVisible();
  await expect(allergies).toContainText('Allergies: Penicillin, Latex');
  const diagnoses = page.getByRole('group', { name: 'Diagnoses', exact: true });
  await diagnoses.getByRole('combobox', { name: 'Search ICD-10 codes' }).fill('htn');
  await page.getByRole('option', { name: /^I10 / }).click();
  await page.getByLabel('Subjective').fill('Headaches in the morning');
  await page.getByLabel('Assessment').fill('Blood pressure above target');
  await page.getByLabel('Plan').fill('Recheck in two weeks');
  await page.getByRole('button', { name: 'Sign record' }).click();
  await page
    .getByRole('dialog', { name: 'Sign this record?' })
    .getByRole('button', { name: 'Sign record' })
    .click();
  await expect(page.getByText(/^Signed by/)).toBeVisible();
  await expect(allergies).toContainText('Allergies: Penicillin, Latex');

  await openPatient(page, 'Moreau, Ines');
  const problems = page.getByRole('region', { name: 'Problem list' });
  await expect(problems.getByRole('listitem')).toHaveCount(1);
  await expect(problems).toContainText('I10');
  await expect(problems.getByRole('link', { name: /^Noted / })).toBeVisible();
  expect(await axeViolations(page)).toEqual([]);

  // Asked and none found: "No known allergies", quietly.
  await page.getByRole('button', { name: 'Edit' }).click();
  await allergyList.getByRole('button', { name: 'Remove allergy 2' }).click();
  await allergyList.getByRole('button', { name: 'Remove allergy 1' }).click();
  await allergyList.getByLabel('No known allergies').check();
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(allergies).toHaveText('No known allergies');
  await expectSynced(page);
  await page.reload();
  await expect(allergies).toHaveText('No known allergies');
});
