import AxeBuilder from '@axe-core/playwright';
import type { Locator, Page } from '@playwright/test';
import {
  addPatient,
  createClinic,
  expect,
  expectSynced,
  openPatient,
  openSettings,
  test,
} from './fixtures.ts';
import { generatedJpeg } from './photo-helpers.ts';

const wcag21aa = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

const viewports = [
  { name: 'phone', device: 'phone A', size: { width: 390, height: 844 } },
  { name: 'desktop', device: 'desktop A', size: { width: 1280, height: 800 } },
];

/** Axe's WCAG 2.1 AA findings on the page as it is now, one readable line per element. */
async function violations(page: Page, screen: string): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(wcag21aa).analyze();
  return results.violations.flatMap((violation) =>
    violation.nodes.map(
      (node) =>
        `${screen}: [${violation.impact ?? 'unknown'}] ${violation.id}: ${violation.help}\n` +
        `    at ${node.target.join(' ')}\n` +
        `    ${(node.failureSummary ?? '').replaceAll('\n', '\n    ')}`,
    ),
  );
}

function expectNone(found: string[]) {
  expect(found.length, `WCAG 2.1 AA violations:\n${found.join('\n')}`).toBe(0);
}

for (const viewport of viewports) {
  test(`sign-up and sign-in have no WCAG 2.1 AA violations on a ${viewport.name}`, async ({
    openDevice,
  }) => {
    const { page } = await openDevice(viewport.device);
    await page.setViewportSize(viewport.size);
    const found: string[] = [];

    await page.goto('/signup');
    await expect(page.getByRole('heading', { name: 'Create a clinic' })).toBeVisible();
    found.push(...(await violations(page, 'sign-up')));
    await page.getByRole('button', { name: 'Create clinic' }).click();
    await expect(page.getByRole('alert')).toBeVisible();
    found.push(...(await violations(page, 'sign-up with errors')));

    await page.goto('/login');
    await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
    found.push(...(await violations(page, 'sign-in')));

    expectNone(found);
  });

  test(`patient screens have no WCAG 2.1 AA violations on a ${viewport.name}`, async ({
    openDevice,
  }) => {
    const { page } = await openDevice(viewport.device);
    await page.setViewportSize(viewport.size);
    await createClinic(page);
    await addPatient(page, { given: 'Ann', family: 'Lee', identifier: 'MRN-1' });
    await expectSynced(page);
    // The server refuses a second MRN-1, so this one waits under "needs attention".
    await addPatient(page, { given: 'Bo', family: 'Nguyen', identifier: 'MRN-1' });
    const attention = page.getByRole('button', { name: /1 needs? attention/ });
    await expect(attention).toBeVisible();
    const found: string[] = [];

    await page.getByRole('link', { name: 'Patients', exact: true }).click();
    await expect(page.getByRole('link', { name: 'Lee, Ann' })).toBeVisible();
    await expect(page.getByRole('link', { name: 'Nguyen, Bo' })).toBeVisible();
    found.push(...(await violations(page, 'patient list')));

    await page.getByRole('link', { name: 'New patient' }).click();
    await page.getByRole('button', { name: 'Save' }).click();
    await expect(page.getByRole('alert')).toBeVisible();
    await expect(page.getByLabel('Given name')).toHaveAttribute('aria-invalid', 'true');
    found.push(...(await violations(page, 'patient form with errors')));

    await openPatient(page, 'Lee, Ann');
    found.push(...(await violations(page, 'patient page')));

    await attention.click();
    await expect(page.getByRole('dialog', { name: 'Needs attention' })).toContainText(
      'MRN-1 is already used by another patient',
    );
    found.push(...(await violations(page, 'needs attention dialog')));

    expectNone(found);
  });

  test(`template screens have no WCAG 2.1 AA violations on a ${viewport.name}`, async ({
    openDevice,
  }) => {
    const { page } = await openDevice(viewport.device);
    await page.setViewportSize(viewport.size);
    await createClinic(page);
    await expectSynced(page);
    const found: string[] = [];

    await openSettings(page, 'Templates');
    await expect(page.getByRole('link', { name: 'SOAP note', exact: true })).toBeVisible();
    found.push(...(await violations(page, 'template list')));

    await page.getByRole('button', { name: 'Delete SOAP note' }).click();
    await expect(page.getByRole('dialog', { name: 'Delete “SOAP note”?' })).toBeVisible();
    found.push(...(await violations(page, 'delete template dialog')));
    await page.getByRole('button', { name: 'Delete template' }).click();
    await page.getByLabel('Show deleted').check();
    await expect(page.getByRole('heading', { name: 'Deleted templates' })).toBeVisible();
    found.push(...(await violations(page, 'template list with a deleted one')));

    await page.getByRole('link', { name: 'Wound assessment', exact: true }).click();
    await expect(page.getByRole('heading', { name: 'Edit template' })).toBeVisible();
    await page.getByRole('list', { name: 'Fields' }).getByRole('button').first().click();
    found.push(...(await violations(page, 'template editor with a field open')));

    await page.getByRole('link', { name: 'All templates' }).click();
    await page.getByRole('link', { name: 'New template' }).click();
    for (const type of ['Choice list', 'Checkbox', 'Number']) {
      await page.getByRole('button', { name: `Add ${type}`, exact: true }).click();
    }
    await page.getByLabel('When').last().selectOption({ index: 2 });
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await expect(page.getByRole('alert')).toBeVisible();
    await expect(page.getByLabel('Template name')).toHaveAttribute('aria-invalid', 'true');
    found.push(...(await violations(page, 'new template with errors')));

    expectNone(found);
  });
}

for (const viewport of viewports) {
  test(`the shell and the settings screens have no WCAG 2.1 AA violations on a ${viewport.name}`, async ({
    openDevice,
  }) => {
    const device = await openDevice(viewport.device);
    const { page } = device;
    await page.setViewportSize(viewport.size);
    await createClinic(page);
    await addPatient(page, { given: 'Ann', family: 'Lee' });
    await expectSynced(page);
    const found: string[] = [];

    // The patient list in the shell, at the narrowest phone the issue names on a phone.
    if (viewport.name === 'phone') await page.setViewportSize({ width: 360, height: 740 });
    await page.getByRole('link', { name: 'Patients', exact: true }).click();
    await expect(page.getByRole('link', { name: 'Lee, Ann' })).toBeVisible();
    found.push(...(await violations(page, 'patient list in the shell')));
    await page.getByRole('button', { name: /^Account/ }).click();
    await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
    found.push(...(await violations(page, 'account menu open')));
    await page.keyboard.press('Escape');
    if (viewport.name === 'phone') {
      await page.getByRole('button', { name: 'Sync details' }).click();
      await expect(page.getByRole('button', { name: 'Sync now' })).toBeVisible();
      found.push(...(await violations(page, 'sync details open')));
      await page.keyboard.press('Escape');
    }
    await page.setViewportSize(viewport.size);

    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Settings', exact: true })
      .click();
    await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible();
    found.push(...(await violations(page, 'settings')));

    await page.getByRole('link', { name: 'Clinic', exact: true }).click();
    const saturday = page.getByRole('group', { name: 'Saturday', exact: true });
    await saturday.getByLabel('Open', { exact: true }).check();
    await saturday.getByLabel('Closes').fill('07:00');
    found.push(...(await violations(page, 'clinic settings')));
    await page.getByRole('button', { name: 'Save' }).click();
    await expect(page.getByRole('alert')).toBeVisible();
    found.push(...(await violations(page, 'clinic settings with errors')));

    await device.goOffline();
    await page.reload();
    await expect(page.getByRole('table', { name: /Working hours/ })).toBeVisible();
    found.push(...(await violations(page, 'clinic settings read only')));

    expectNone(found);
  });
}

for (const viewport of viewports) {
  test(`photo screens have no WCAG 2.1 AA violations on a ${viewport.name}`, async ({
    openDevice,
  }) => {
    const { page } = await openDevice(viewport.device);
    await page.setViewportSize(viewport.size);
    await createClinic(page);
    await addPatient(page, { given: 'Ann', family: 'Lee' });
    await expectSynced(page);
    const photos = page.getByRole('region', { name: 'Photos', exact: true });
    await expect(photos.getByRole('heading', { name: 'No photos yet' })).toBeVisible();
    const found: string[] = [];
    found.push(...(await violations(page, 'empty photo gallery')));

    const jpeg = await page.evaluate(async () => {
      const canvas = new OffscreenCanvas(800, 600);
      const context = canvas.getContext('2d');
      if (!context) throw new Error('no 2d context');
      context.fillStyle = '#a05030';
      context.fillRect(0, 0, 800, 600);
      const bytes = new Uint8Array(
        await (await canvas.convertToBlob({ type: 'image/jpeg' })).arrayBuffer(),
      );
      return Array.from(bytes);
    });
    const chooser = page.waitForEvent('filechooser');
    await photos.getByRole('button', { name: 'Choose', exact: true }).click();
    await (
      await chooser
    ).setFiles(
      [1, 2].map((n) => ({
        name: `photo-${n}.jpg`,
        mimeType: 'image/jpeg',
        buffer: Buffer.from(jpeg),
      })),
    );
    const tiles = photos.getByRole('list', { name: 'Photos' }).getByRole('listitem');
    await expect(tiles).toHaveCount(2);
    await expect(photos.locator('img.photo-picture')).toHaveCount(2);
    found.push(...(await violations(page, 'photo gallery')));

    await tiles
      .first()
      .getByRole('button', { name: /^Open photo/ })
      .click();
    await expect(page.getByRole('dialog', { name: 'Photo 1 of 2' })).toBeVisible();
    found.push(...(await violations(page, 'photo lightbox')));
    await page.getByRole('button', { name: 'Edit details' }).click();
    await expect(page.getByRole('dialog', { name: 'Edit photo details' })).toBeVisible();
    found.push(...(await violations(page, 'photo edit dialog')));

    expectNone(found);
  });
}

/**
 * Presses Tab until `target` has focus, noting every element that took focus without a visible
 * focus indicator. Fails if Tab never gets there.
 */
async function tabTo(page: Page, target: Locator, invisibleFocus: string[]): Promise<void> {
  for (let presses = 0; presses < 40; presses++) {
    if (await target.evaluate((element) => element === document.activeElement)) return;
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => {
      const element = document.activeElement;
      // Not :focus itself: focus is on a part the browser draws and rings (a date input's
      // calendar button), out of the page's reach.
      if (!element || element === document.body || !element.matches(':focus')) return null;
      const style = getComputedStyle(element);
      const outlined =
        style.outlineStyle !== 'none' &&
        parseFloat(style.outlineWidth) > 0 &&
        style.outlineColor !== 'rgba(0, 0, 0, 0)';
      return {
        visible: element.matches(':focus-visible') && (outlined || style.boxShadow !== 'none'),
        description: `<${element.tagName.toLowerCase()}> "${(element.getAttribute('aria-label') ?? element.textContent ?? '').trim().slice(0, 40)}"${element.id ? ` #${element.id}` : ''}`,
      };
    });
    if (focused && !focused.visible) invisibleFocus.push(focused.description);
  }
  expect(false, `Tab never reached ${target.toString()}`).toBe(true);
}

test('a clinic and a patient can be created with the keyboard alone, focus always visible', async ({
  openDevice,
}) => {
  const { page } = await openDevice('desktop A');
  const invisibleFocus: string[] = [];
  const type = async (label: string, text: string) => {
    await tabTo(page, page.getByLabel(label, { exact: true }), invisibleFocus);
    await page.keyboard.type(text);
  };

  await page.goto('/signup');
  await type('Clinic name', 'Keyboard Clinic');
  await type('Your name', 'Kai Keys');
  await type('Email', `keys-${Date.now()}@clinic.test`);
  await type('Password', 'correct horse battery');
  await tabTo(page, page.getByRole('button', { name: 'Create clinic' }), invisibleFocus);
  await page.keyboard.press('Enter');

  await expect(page.getByRole('heading', { name: 'Today', level: 1 })).toBeVisible();
  await tabTo(page, page.getByRole('link', { name: 'Patients', exact: true }), invisibleFocus);
  await page.keyboard.press('Enter');
  const newPatient = page.getByRole('link', { name: 'New patient' });
  await expect(newPatient).toBeVisible();
  await tabTo(page, newPatient, invisibleFocus);
  await page.keyboard.press('Enter');
  await type('Given name', 'Tia');
  await type('Family name', 'Vu');
  await tabTo(page, page.getByRole('button', { name: 'Save' }), invisibleFocus);
  await page.keyboard.press('Space');

  await expect(page.getByRole('heading', { name: 'Vu, Tia' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Edit' })).toBeVisible();
  expect(invisibleFocus, 'elements that took focus without a visible indicator').toEqual([]);
});

for (const viewport of viewports) {
  test(`phone capture screens have no WCAG 2.1 AA violations on a ${viewport.name}`, async ({
    openDevice,
  }) => {
    const desktop = await openDevice('desktop');
    await createClinic(desktop.page);
    await addPatient(desktop.page, { given: 'Ann', family: 'Lee' });
    await expectSynced(desktop.page);
    const found: string[] = [];
    const photos = desktop.page.getByRole('region', { name: 'Photos', exact: true });
    await photos.getByRole('button', { name: 'Capture with phone' }).click();
    const dialog = desktop.page.getByRole('dialog', { name: 'Capture with phone' });
    const link = dialog.getByRole('textbox', { name: 'Capture link' });
    await expect(link).toHaveValue(/\/capture\//);
    const capturePath = new URL(await link.inputValue()).pathname;
    found.push(...(await violations(desktop.page, 'capture dialog with its code')));

    const phone = await openDevice('phone');
    await phone.page.setViewportSize(viewport.size);
    await phone.page.goto(capturePath);
    await expect(phone.page.getByText('Photos for patient A. L.')).toBeVisible();
    found.push(...(await violations(phone.page, 'phone capture start')));

    const jpeg = await generatedJpeg(phone.page, 1);
    const chooser = phone.page.waitForEvent('filechooser');
    await phone.page.getByRole('button', { name: 'Choose', exact: true }).click();
    await (
      await chooser
    ).setFiles([1, 2].map((n) => ({ name: `p${n}.jpg`, mimeType: 'image/jpeg', buffer: jpeg })));
    await expect(phone.page.getByRole('img', { name: /^Photo \d of 2$/ })).toHaveCount(2);
    found.push(...(await violations(phone.page, 'phone capture review')));
    await phone.page.getByRole('button', { name: 'Next: describe' }).click();
    await expect(phone.page.getByRole('group', { name: 'Photo 1 of 2' })).toBeVisible();
    found.push(...(await violations(phone.page, 'phone capture describe')));
    await phone.page.getByRole('button', { name: 'Send 2 photos' }).click();
    await expect(phone.page.getByText('2 photos sent.')).toBeVisible();
    found.push(...(await violations(phone.page, 'phone capture done')));

    await expect(dialog.locator('img[data-photo-id]')).toHaveCount(2);
    found.push(...(await violations(desktop.page, 'capture dialog with arrived photos')));

    const second = await openDevice('second phone');
    // A used code is refused (410), which is the screen under test.
    second.allowConsoleErrors(/status of 410 .*\/api\/capture\/open/);
    await second.page.setViewportSize(viewport.size);
    await second.page.goto(capturePath);
    await expect(second.page.getByRole('alert')).toContainText('already been used');
    found.push(...(await violations(second.page, 'phone capture refused')));

    expectNone(found);
  });
}
