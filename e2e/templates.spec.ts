import type { Locator, Page } from '@playwright/test';
import {
  createClinic,
  expect,
  expectSynced,
  openSettings,
  signIn,
  syncStatus,
  test,
} from './fixtures.ts';

/** Every field type, in the order device A adds them, with the label it gives each. */
const newFields = [
  ['Short text', 'Wound site'],
  ['Long text', 'Notes'],
  ['Number', 'Wound length'],
  ['Choice list', 'Exudate'],
  ['Checkbox', 'Infection signs'],
  ['Date', 'Next dressing change'],
  ['Vital signs', 'Vitals'],
  ['Diagnoses', 'Diagnoses'],
  ['Prescriptions', 'Dressings prescribed'],
  ['Lab results', 'Swab results'],
  ['Photos', 'Wound photos'],
] as const;

async function openTemplates(page: Page) {
  await openSettings(page, 'Templates');
  await expect(page.getByRole('heading', { level: 1, name: 'Templates' })).toBeVisible();
}

function templateList(page: Page) {
  return page.getByRole('list', { name: 'Templates' });
}

function templateRow(page: Page, name: string) {
  return templateList(page)
    .getByRole('listitem')
    .filter({ has: page.getByRole('link', { name, exact: true }) });
}

/** A field's card in the editor, found by the button that opens it: "3. Wound length Number". */
function fieldCard(page: Page, label: string) {
  return page
    .getByRole('list', { name: 'Fields' })
    .locator(':scope > li')
    .filter({ has: page.getByRole('button', { name: new RegExp(`^\\d+\\. ${label} `) }) });
}

/** Opens a field's settings (the editor keeps one open at a time) and returns its card. */
async function openField(page: Page, label: string) {
  const card = fieldCard(page, label);
  const toggle = card.locator('button[aria-expanded]');
  if ((await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click();
  await expect(toggle).toHaveAttribute('aria-expanded', 'true');
  return card;
}

/** The buttons that open each field's settings, in the editor's order. */
function fieldHeadings(page: Page) {
  return page.getByRole('list', { name: 'Fields' }).locator('button[aria-expanded]');
}

/** A real mouse drag by the row's grip, dropped on the top or bottom edge of `target`. */
async function dragByGrip(page: Page, item: Locator, target: Locator, edge: 'top' | 'bottom') {
  // Both ends of the drag on screen: the lower of the two rows at the foot of the viewport.
  const [itemTop, targetTop] = await Promise.all(
    [item, target].map(async (row) => (await row.boundingBox())?.y ?? 0),
  );
  await (itemTop! > targetTop! ? item : target).evaluate((row) =>
    row.scrollIntoView({ block: 'end' }),
  );
  const grip = await item.locator('[data-drag-grip]').boundingBox();
  const goal = await target.boundingBox();
  if (!grip || !goal) throw new Error('the grip or the drop target is not on screen');
  const x = grip.x + grip.width / 2;
  await page.mouse.move(x, grip.y + grip.height / 2);
  await page.mouse.down();
  await page.mouse.move(x, edge === 'top' ? goal.y + 3 : goal.y + goal.height - 3, { steps: 12 });
  await page.mouse.up();
}

test('a template with every field type is built offline, reordered, and reaches another device', async ({
  openDevice,
}) => {
  const a = await openDevice('tablet A');
  const b = await openDevice('desktop B');
  const account = await createClinic(a.page);
  // The first sync brings the clinic's built-in templates.
  await expectSynced(a.page);
  await signIn(b.page, account);
  await openTemplates(a.page);
  await expect(templateList(a.page).getByRole('link')).toHaveText([
    'SOAP note',
    'Vital signs',
    'Wound assessment',
  ]);

  await a.goOffline();
  await expect(syncStatus(a.page)).toContainText('Offline');
  const page = a.page;
  await page.getByRole('link', { name: 'New template' }).click();
  await page.getByLabel('Template name').fill('Wound follow-up');
  for (const [type, label] of newFields) {
    await page.getByRole('button', { name: `Add ${type}`, exact: true }).click();
    // Adding a field puts the cursor in its label.
    await page.keyboard.type(label);
  }
  await expect(fieldHeadings(page)).toHaveCount(newFields.length);

  // Adding a field opens it and closes the one before: the editor stays one line per field.
  await expect(fieldHeadings(page).and(page.locator('[aria-expanded="true"]'))).toHaveCount(1);
  await (await openField(page, 'Wound site')).getByRole('checkbox', { name: /^Required/ }).check();
  const length = await openField(page, 'Wound length');
  await length.getByLabel('Lowest value').fill('0');
  await length.getByLabel('Highest value').fill('50');
  await length.getByLabel('Unit').fill('cm');
  const exudate = await openField(page, 'Exudate');
  await exudate.getByLabel('Option 1').fill('None');
  await exudate.getByRole('button', { name: 'Add option' }).click();
  await page.keyboard.type('Light');
  await exudate.getByRole('button', { name: 'Add option' }).click();
  await page.keyboard.type('Heavy');
  const swabs = await openField(page, 'Swab results');
  await swabs.getByLabel('When').selectOption({ label: 'Only when Infection signs…' });
  await expect(swabs.getByLabel('Condition')).toHaveValue('equals');
  await expect(swabs.getByLabel('Answer')).toHaveValue('true');

  // One field moved by keyboard: focus stays on its button all the way down.
  const moveNotesDown = page.getByRole('button', { name: 'Move Notes down' });
  await moveNotesDown.focus();
  for (let press = 0; press < newFields.length - 2; press++) await page.keyboard.press('Enter');
  await expect(page.getByRole('button', { name: 'Move Notes up' })).toBeFocused();
  await expect(page.getByRole('status').filter({ hasText: 'Notes moved' })).toHaveText(
    'Notes moved to position 11 of 11.',
  );

  // The preview is the record form itself: show-if and the required rule work in it.
  const preview = page.getByRole('region', { name: 'Preview' });
  await expect(preview.getByText('Swab results', { exact: true })).toHaveCount(0);
  await preview.getByLabel('Infection signs').check();
  await expect(preview.getByText('Swab results', { exact: true })).toBeVisible();
  await preview.getByLabel('Infection signs').uncheck();
  await expect(preview.getByText('Swab results', { exact: true })).toHaveCount(0);
  await preview.getByRole('button', { name: 'Check as if signing' }).click();
  await expect(preview.getByText('Wound site is required.')).toBeVisible();
  await preview.getByLabel('Wound site').fill('Left heel');
  await expect(preview.getByText('Ready to sign: every rule is met.')).toBeVisible();

  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByText('Wound follow-up saved on this device as Version 1.')).toBeVisible();
  await expect(templateRow(page, 'Wound follow-up')).toContainText('Version 1 · 11 fields');

  // Reorder the list: a real mouse drag to the top, then one move by keyboard.
  await dragByGrip(
    page,
    templateRow(page, 'Wound follow-up'),
    templateRow(page, 'SOAP note'),
    'top',
  );
  await expect(templateList(page).getByRole('link')).toHaveText([
    'Wound follow-up',
    'SOAP note',
    'Vital signs',
    'Wound assessment',
  ]);
  const moveWoundUp = page.getByRole('button', { name: 'Move Wound assessment up' });
  await moveWoundUp.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('status').filter({ hasText: 'moved to' })).toHaveText(
    'Wound assessment moved to position 3 of 4.',
  );
  await expect(moveWoundUp).toBeFocused();
  const newOrder = ['Wound follow-up', 'SOAP note', 'Wound assessment', 'Vital signs'];
  await expect(templateList(page).getByRole('link')).toHaveText(newOrder);
  // Stored on the device: the new template (its drag folded into it) and one move.
  await expect(syncStatus(page)).toContainText('2 changes waiting');

  await page.reload();
  await expect(syncStatus(page)).toContainText('Offline');
  await expect(templateList(page).getByRole('link')).toHaveText(newOrder);
  await openTemplates(b.page);
  await expect(templateList(b.page).getByRole('link')).toHaveText([
    'SOAP note',
    'Vital signs',
    'Wound assessment',
  ]);

  await a.goOnline();
  await expectSynced(page);
  // Device B learns through the live event stream: no reload, no click.
  await expect(templateList(b.page).getByRole('link')).toHaveText(newOrder);
  await templateList(b.page).getByRole('link', { name: 'Wound follow-up' }).click();
  const savedOrder = [
    'Wound site',
    'Wound length',
    'Exudate',
    'Infection signs',
    'Next dressing change',
    'Vitals',
    'Diagnoses',
    'Dressings prescribed',
    'Swab results',
    'Wound photos',
    'Notes',
  ];
  await expect(fieldHeadings(b.page)).toHaveText(savedOrder.map((label) => new RegExp(label)));
  await expect(fieldCard(b.page, 'Swab results')).toContainText(
    'Shows when Infection signs is ticked',
  );

  // Device B drags Notes above the photos and saves: Version 2, seen on both devices.
  await dragByGrip(b.page, fieldCard(b.page, 'Notes'), fieldCard(b.page, 'Wound photos'), 'top');
  await expect(fieldHeadings(b.page).nth(9)).toContainText('Notes');
  await b.page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(templateRow(b.page, 'Wound follow-up')).toContainText('Version 2');
  await expectSynced(b.page);
  await expect(templateRow(page, 'Wound follow-up')).toContainText('Version 2 · 11 fields');
  await templateList(page).getByRole('link', { name: 'Wound follow-up' }).click();
  await expect(fieldHeadings(page).nth(9)).toContainText('Notes');
  await expect(fieldHeadings(page).nth(10)).toContainText('Wound photos');
});

test('templates are duplicated beside the original, deleted after asking, restored, and edits are never lost silently', async ({
  openDevice,
}) => {
  const { page } = await openDevice('phone A');
  await createClinic(page);
  await expectSynced(page);
  await openTemplates(page);

  await page.getByRole('button', { name: 'Duplicate SOAP note' }).click();
  await expect(templateList(page).getByRole('link')).toHaveText([
    'SOAP note',
    'Copy of SOAP note',
    'Vital signs',
    'Wound assessment',
  ]);

  const confirm = page.getByRole('dialog', { name: 'Delete “Vital signs”?' });
  await page.getByRole('button', { name: 'Delete Vital signs' }).click();
  await confirm.getByRole('button', { name: 'Cancel' }).click();
  await expect(templateRow(page, 'Vital signs')).toBeVisible();
  await page.getByRole('button', { name: 'Delete Vital signs' }).click();
  await confirm.getByRole('button', { name: 'Delete template' }).click();
  await expect(templateList(page).getByRole('link')).toHaveText([
    'SOAP note',
    'Copy of SOAP note',
    'Wound assessment',
  ]);
  await expect(page.getByRole('heading', { level: 1, name: 'Templates' })).toBeFocused();

  await page.getByLabel('Show deleted').check();
  await page.getByRole('button', { name: 'Restore Vital signs' }).click();
  await expect(templateList(page).getByRole('link')).toHaveText([
    'SOAP note',
    'Copy of SOAP note',
    'Vital signs',
    'Wound assessment',
  ]);
  await expect(page.getByRole('link', { name: 'Vital signs', exact: true })).toBeFocused();
  await expect(page.getByText('No deleted templates.')).toBeVisible();

  // Leaving the editor with unsaved changes asks first, by link or by Cancel.
  await page.getByRole('link', { name: 'Wound assessment', exact: true }).click();
  await page.getByLabel('Template name').fill('Wound review');
  await page.getByRole('link', { name: '← All templates' }).click();
  const discard = page.getByRole('dialog', { name: 'Discard your changes?' });
  await discard.getByRole('button', { name: 'Keep editing' }).click();
  await expect(page.getByLabel('Template name')).toHaveValue('Wound review');
  await page.getByRole('button', { name: 'Cancel', exact: true }).click();
  await discard.getByRole('button', { name: 'Discard changes' }).click();
  await expect(templateRow(page, 'Wound assessment')).toContainText('Version 1');

  // With every template deleted, the list invites the first one.
  for (const name of ['SOAP note', 'Copy of SOAP note', 'Vital signs', 'Wound assessment']) {
    await page.getByRole('button', { name: `Delete ${name}` }).click();
    await page
      .getByRole('dialog', { name: `Delete “${name}”?` })
      .getByRole('button', { name: 'Delete template' })
      .click();
  }
  await page.getByLabel('Show deleted').uncheck();
  await expect(page.getByRole('heading', { name: 'No templates yet' })).toBeVisible();
  await page.getByRole('link', { name: 'Create your first template' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'New template' })).toBeVisible();
});
