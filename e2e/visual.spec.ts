import type { Locator, Page } from '@playwright/test';
import {
  addPatient,
  createClinic,
  expect,
  expectSynced,
  openSettings,
  syncStatus,
  test,
} from './fixtures.ts';
import { chooseFiles, gallery, galleryTiles, generatedJpeg } from './photo-helpers.ts';

/**
 * Screens compared with committed pictures at a phone, a tablet and a desktop size. Whatever
 * changes with the clock (the sync status, dates and times) is masked. The baselines were made
 * with Debian's Chromium; `npx playwright test e2e/visual.spec.ts --update-snapshots` remakes
 * them after an intended change (look at every one before committing it).
 */
const sizes = [
  { name: 'phone', width: 390, height: 844 },
  { name: 'tablet', width: 820, height: 1180 },
  { name: 'desktop', width: 1440, height: 900 },
] as const;

async function compareAtEverySize(page: Page, screen: string) {
  for (const size of sizes) {
    await page.setViewportSize({ width: size.width, height: size.height });
    await expect(page).toHaveScreenshot(`${screen}-${size.name}.png`, {
      fullPage: true,
      animations: 'disabled',
      caret: 'hide',
      // A time's text is as wide as the clock makes it ("9:05 AM", "12:45 PM"): each is given
      // one width, so what sits beside it stays put whatever the time of the run.
      style: 'time { display: inline-block; width: 9em; white-space: nowrap; overflow: hidden; }',
      mask: [
        syncStatus(page),
        page.locator('time'),
        // A line that ends in a time ("Written by … <time>"): the mask of a time is as wide as
        // its text, which the hour of the run changes, so the whole line is masked.
        page.locator('.meta:has(time)'),
        // How much storage the browser grants depends on the machine's free disk.
        page.locator('.storage-used'),
      ],
    });
  }
}

/** Two inputs side by side: same top, same height, whatever hints sit under either. */
async function expectInLine(left: Locator, right: Locator) {
  const [a, b] = [await left.boundingBox(), await right.boundingBox()];
  expect(a && b && { top: b.y, height: b.height }).toEqual(a && { top: a.y, height: a.height });
}

test('the 404 page and the patient form', async ({ openDevice }) => {
  const { page } = await openDevice('desktop');
  await createClinic(page);
  await expectSynced(page);

  await page.goto('/no-such-page');
  await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible();
  await compareAtEverySize(page, '404');

  await page.goto('/patients/new');
  await expect(page.getByLabel('Identifier')).toBeVisible();
  // Identifier has a hint under it; Phone beside it keeps its box in line and the same height.
  await expectInLine(page.getByLabel('Identifier'), page.getByLabel('Phone'));
  await compareAtEverySize(page, 'patient-form');
});

test('the template editor', async ({ openDevice }) => {
  const { page } = await openDevice('desktop');
  await createClinic(page);
  await expectSynced(page);
  await openSettings(page, 'Templates');
  await page.getByRole('link', { name: 'Wound assessment', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Edit template' })).toBeVisible();
  const fields = page.getByRole('list', { name: 'Fields' });
  const toggle = (name: string) =>
    fields.getByRole('button', { name: new RegExp(`^\\d+\\. ${name} `) });
  // Each field is one line saying plainly whether it is required; one opens at a time.
  await expect(toggle('Location')).toContainText(/Short text\s·\srequired/);
  await expect(toggle('Length')).toContainText(/Number\s·\soptional/);
  await toggle('Width').click();
  await toggle('Length').click();
  await expect(toggle('Length')).toHaveAttribute('aria-expanded', 'true');
  await expect(toggle('Width')).toHaveAttribute('aria-expanded', 'false');
  await expectInLine(page.getByLabel('Unit'), page.getByLabel('Decimal places'));
  // Focused near the bottom of the screen, an input stays clear of the sticky Save bar.
  await page.getByLabel('Decimal places').focus();
  const saveBar = await page.locator('.save-bar').boundingBox();
  const focused = await page.getByLabel('Decimal places').boundingBox();
  expect(focused && saveBar && focused.y + focused.height <= saveBar.y).toBe(true);
  await compareAtEverySize(page, 'template-editor');
});

test('a record with diagnoses', async ({ openDevice }) => {
  const { page } = await openDevice('desktop');
  await createClinic(page);
  await addPatient(page, { given: 'Ada', family: 'Brook' });
  await expectSynced(page);
  await page.getByRole('button', { name: 'New record' }).click();
  await page
    .getByRole('dialog', { name: 'New record' })
    .getByRole('button', { name: /^SOAP note/ })
    .click();
  const diagnoses = page.getByRole('group', { name: 'Diagnoses', exact: true });
  const search = diagnoses.getByRole('combobox', { name: 'Search ICD-10 codes' });
  for (const [query, code] of [
    ['htn', 'I10'],
    ['dm2', 'E11.9'],
  ]) {
    await search.fill(query);
    await page.getByRole('option', { name: new RegExp(`^${code.replace('.', '\\.')} `) }).click();
  }
  await expect(diagnoses.getByLabel('Diagnosis code 2')).toHaveValue('E11.9');
  await page.getByLabel('Assessment').fill('Blood pressure above target; glucose stable.');
  await search.blur();
  await compareAtEverySize(page, 'record-with-diagnoses');
});

test('the photo gallery', async ({ openDevice }) => {
  const { page } = await openDevice('desktop');
  await createClinic(page);
  await addPatient(page, { given: 'Cai', family: 'Dunn' });
  await expectSynced(page);
  const jpegs = [await generatedJpeg(page, 1), await generatedJpeg(page, 2)];
  await chooseFiles(page, gallery(page), jpegs, 1);
  await expect(galleryTiles(page)).toHaveCount(2);
  await expect(gallery(page).getByText('Uploaded')).toHaveCount(2);
  await compareAtEverySize(page, 'gallery');
});
