import type { Page, Route } from '@playwright/test';
import {
  addPatient,
  createClinic,
  expect,
  expectSynced,
  openPatient,
  signIn,
  syncStatus,
  test,
  type Device,
} from './fixtures.ts';
import {
  bucket,
  chooseFiles,
  clinicIdOf,
  gallery,
  galleryTiles,
  generatedJpeg,
  photoRows,
} from './photo-helpers.ts';

function uploadStates(page: Page, text: string) {
  return gallery(page).locator('.upload-text').getByText(text, { exact: true });
}

function saveStatus(page: Page) {
  return page
    .getByRole('status')
    .filter({ hasText: /Saving|Saved on this device|Synced|Not saved/ });
}

/**
 * Holds the first PUT to the bucket until the test lets go of it: the bytes are on their way
 * when the network is cut.
 */
async function holdFirstPut(device: Device, endpoint: string): Promise<() => Promise<Route>> {
  let release: (route: Route) => void = () => undefined;
  const held = new Promise<Route>((resolve) => (release = resolve));
  let seen = false;
  await device.context.route(`${endpoint}/**`, async (route) => {
    if (route.request().method() === 'PUT' && !seen) {
      seen = true;
      release(route);
      return;
    }
    await route.continue();
  });
  return () => held;
}

test('photos taken offline into a record and the gallery upload once online, once each, and reach device B', async ({
  openDevice,
}) => {
  const s3 = bucket();
  const a = await openDevice('tablet A');
  const b = await openDevice('desktop B');
  const account = await createClinic(a.page);
  await addPatient(a.page, { given: 'Rosa', family: 'Diaz' });
  await expectSynced(a.page);
  await signIn(b.page, account);
  const clinicId = await clinicIdOf(a.page);
  const jpegs = await Promise.all([1, 2, 3].map((seed) => generatedJpeg(a.page, seed)));

  await a.goOffline();
  await expect(syncStatus(a.page)).toContainText('Offline');

  // A wound assessment: one photo from the live camera, two from the picker.
  await openPatient(a.page, 'Diaz, Rosa');
  await a.page.getByRole('button', { name: 'New record' }).click();
  await a.page
    .getByRole('dialog', { name: 'New record' })
    .getByRole('button', { name: /^Wound assessment/ })
    .click();
  await expect(a.page.getByRole('heading', { level: 1, name: 'Wound assessment' })).toBeVisible();
  const field = a.page.getByRole('group', { name: 'Photos', exact: true });
  await field.getByRole('button', { name: 'Use camera' }).click();
  const camera = a.page.getByRole('dialog', { name: 'Camera' });
  const shutter = camera.getByRole('button', { name: 'Take picture' });
  await expect(shutter).toBeEnabled();
  await shutter.click();
  await expect(camera).toContainText('1 photo taken.');
  await camera.getByRole('button', { name: 'Done' }).click();
  await expect(camera).toBeHidden();
  await expect(field.getByRole('listitem')).toHaveCount(1);
  await chooseFiles(a.page, field, jpegs.slice(0, 2), 1);
  await expect(field.getByRole('listitem')).toHaveCount(3);
  await expect(saveStatus(a.page)).toHaveText(/Saved on this device/);

  // And one straight into the patient's gallery.
  await openPatient(a.page, 'Diaz, Rosa');
  await chooseFiles(a.page, gallery(a.page), jpegs.slice(2), 3);
  await expect(galleryTiles(a.page)).toHaveCount(4);

  await a.page.reload();
  await expect(syncStatus(a.page)).toContainText('Offline');
  await expect(galleryTiles(a.page)).toHaveCount(4);
  await expect(uploadStates(a.page, 'Waiting to upload')).toHaveCount(4);
  expect(await s3.keys(clinicId)).toEqual([]);

  // Online, and the network drops while the first photo's bytes are on their way.
  const heldPut = await holdFirstPut(a, s3.endpoint);
  await a.goOnline();
  const put = await heldPut();
  await a.goOffline();
  await put.abort('internetdisconnected');
  await expect(syncStatus(a.page)).toContainText('Offline');
  await a.goOnline();

  await expect(uploadStates(a.page, 'Uploaded')).toHaveCount(4, { timeout: 60_000 });
  await expectSynced(a.page);
  const keys = await s3.keys(clinicId);
  expect(keys).toHaveLength(4);
  const rows = await photoRows(clinicId);
  expect(rows).toHaveLength(4);
  expect(rows.every((row) => row.uploaded && row.status === 'committed')).toBe(true);
  expect(keys.map((key) => key.split('/').at(-1)).sort()).toEqual(rows.map((row) => row.id));

  // Device B downloads and shows every one of them.
  await openPatient(b.page, 'Diaz, Rosa');
  await expect(galleryTiles(b.page)).toHaveCount(4);
  const images = gallery(b.page).locator('img.photo-picture');
  await expect(images).toHaveCount(4);
  for (const image of await images.all()) {
    await expect
      .poll(() => image.evaluate((element: HTMLImageElement) => element.naturalWidth))
      .toBeGreaterThan(0);
  }
});

test('an upload whose presigned URL has expired asks for a new one and finishes', async ({
  openDevice,
}) => {
  const s3 = bucket();
  const a = await openDevice('desktop A');
  await createClinic(a.page);
  await addPatient(a.page, { given: 'Tom', family: 'Okafor' });
  await expectSynced(a.page);
  const clinicId = await clinicIdOf(a.page);
  // The bucket's 403 for the expired URL is what this test provokes.
  a.allowConsoleErrors(/status of 403 .*X-Amz-Expires/);

  let uploadUrlRequests = 0;
  a.page.on('request', (request) => {
    if (request.method() === 'POST' && request.url().endsWith('/upload-url')) uploadUrlRequests++;
  });
  // S3 answers the first PUT as it answers a presigned URL past its expiry.
  let refused = 0;
  await a.context.route(`${s3.endpoint}/**`, async (route) => {
    if (route.request().method() !== 'PUT' || refused > 0) return route.continue();
    refused++;
    await route.fulfill({
      status: 403,
      headers: {
        'content-type': 'application/xml',
        'access-control-allow-origin': '*',
      },
      body: '<?xml version="1.0" encoding="UTF-8"?><Error><Code>AccessDenied</Code><Message>Request has expired</Message></Error>',
    });
  });

  await chooseFiles(a.page, gallery(a.page), [await generatedJpeg(a.page, 7)], 7);
  await expect(uploadStates(a.page, 'Uploaded')).toHaveCount(1, { timeout: 60_000 });
  expect(refused).toBe(1);
  expect(uploadUrlRequests).toBe(2);
  expect(await s3.keys(clinicId)).toHaveLength(1);
  const rows = await photoRows(clinicId);
  expect(rows).toHaveLength(1);
  expect(rows[0]?.uploaded).toBe(true);
});

test('the lightbox moves with the keyboard, edits a photo, compares two of one site and deletes softly', async ({
  openDevice,
}) => {
  const a = await openDevice('desktop A');
  await createClinic(a.page);
  await addPatient(a.page, { given: 'Lena', family: 'Berg' });
  await expectSynced(a.page);
  const jpegs = await Promise.all([4, 5].map((seed) => generatedJpeg(a.page, seed)));
  await chooseFiles(a.page, gallery(a.page), jpegs, 4);
  await expect(galleryTiles(a.page)).toHaveCount(2);

  await galleryTiles(a.page)
    .first()
    .getByRole('button', { name: /^Open photo/ })
    .click();
  const lightbox = a.page.getByRole('dialog', { name: 'Photo 1 of 2' });
  await expect(lightbox).toBeVisible();
  await a.page.keyboard.press('ArrowRight');
  await expect(a.page.getByRole('dialog', { name: 'Photo 2 of 2' })).toBeVisible();
  await a.page.keyboard.press('ArrowLeft');
  await expect(lightbox).toBeVisible();

  // Both photos get the same site, then the first is compared with the second.
  for (const [position, side] of [
    [1, 'left'],
    [2, 'left'],
  ] as const) {
    const box = a.page.getByRole('dialog', { name: `Photo ${position} of 2` });
    await box.getByRole('button', { name: 'Edit details' }).click();
    const edit = a.page.getByRole('dialog', { name: 'Edit photo details' });
    await edit.getByLabel('Body site').fill('Heel');
    await edit.getByLabel('Laterality').selectOption(side);
    await edit.getByLabel('Description').fill(`Pressure ulcer, visit ${position}`);
    await edit.getByRole('button', { name: 'Save' }).click();
    await expect(edit).toBeHidden();
    await expect(box).toContainText(`Pressure ulcer, visit ${position}`);
    if (position === 1) await box.getByRole('button', { name: 'Next photo' }).click();
  }
  await a.page
    .getByRole('dialog', { name: 'Photo 2 of 2' })
    .getByRole('button', { name: 'Compare' })
    .click();
  await a.page
    .getByRole('dialog', { name: 'Compare with…' })
    .getByRole('button', { name: /Pressure ulcer, visit 1/ })
    .click();
  await expect(
    a.page.getByRole('heading', { level: 1, name: 'Compare photos: Heel' }),
  ).toBeVisible();
  await expect(
    a.page.getByRole('img', { name: 'Left heel: Pressure ulcer, visit 1' }),
  ).toBeVisible();
  await expect(
    a.page.getByRole('img', { name: 'Left heel: Pressure ulcer, visit 2' }),
  ).toBeVisible();

  await a.page.goBack();
  await galleryTiles(a.page)
    .first()
    .getByRole('button', { name: /^Open photo/ })
    .click();
  await a.page
    .getByRole('dialog', { name: 'Photo 1 of 2' })
    .getByRole('button', { name: 'Delete' })
    .click();
  await a.page
    .getByRole('dialog', { name: 'Delete this photo?' })
    .getByRole('button', { name: 'Delete photo' })
    .click();
  await expect(a.page.getByRole('dialog', { name: 'Photo 1 of 1' })).toBeVisible();
  await a.page.keyboard.press('Escape');
  await expect(galleryTiles(a.page)).toHaveCount(1);
  await gallery(a.page).getByLabel('Show deleted photos').check();
  await expect(galleryTiles(a.page)).toHaveCount(2);
  await gallery(a.page).getByRole('button', { name: 'Restore' }).click();
  await gallery(a.page).getByLabel('Show deleted photos').uncheck();
  await expect(galleryTiles(a.page)).toHaveCount(2);
});

test('a record picks an existing photo of the patient and can remove it again', async ({
  openDevice,
}) => {
  const a = await openDevice('phone A');
  await createClinic(a.page);
  await addPatient(a.page, { given: 'Ivo', family: 'Marsh' });
  await expectSynced(a.page);
  await chooseFiles(a.page, gallery(a.page), [await generatedJpeg(a.page, 9)], 9);
  await expect(galleryTiles(a.page)).toHaveCount(1);

  await a.page.getByRole('button', { name: 'New record' }).click();
  await a.page
    .getByRole('dialog', { name: 'New record' })
    .getByRole('button', { name: /^Wound assessment/ })
    .click();
  const field = a.page.getByRole('group', { name: 'Photos', exact: true });
  await expect(field).toContainText('No photos yet.');
  // A phone is the camera: its buttons are Take photo and Choose, and never Capture with phone.
  await expect(field.getByRole('button', { name: 'Take photo' })).toBeVisible();
  await expect(field.getByRole('button', { name: 'Choose', exact: true })).toBeVisible();
  await field.getByRole('button', { name: 'More' }).click();
  await expect(field.getByRole('button', { name: 'Attach PDF' })).toBeVisible();
  await expect(field.getByRole('button', { name: 'Capture with phone' })).toHaveCount(0);
  await field.getByRole('button', { name: 'Pick existing' }).click();
  const picker = a.page.getByRole('dialog', { name: 'Pick existing photos' });
  await picker.getByRole('checkbox').check();
  await picker.getByRole('button', { name: 'Add 1 photo' }).click();
  await expect(field.getByRole('listitem')).toHaveCount(1);
  await expect(saveStatus(a.page)).toHaveText(/Saved on this device|Synced/);

  await field.getByRole('button', { name: 'Pick existing' }).click();
  await expect(picker).toContainText('There are no other photos of this patient on this device.');
  await picker.getByRole('button', { name: 'Close', exact: true }).last().click();
  await field.getByRole('button', { name: 'Remove photo 1' }).click();
  await expect(field).toContainText('No photos yet.');
  await expectSynced(a.page);
});

test('a PDF attached in a record uploads as an attachment of the patient and stays listed there', async ({
  openDevice,
}) => {
  const s3 = bucket();
  const a = await openDevice('desktop A');
  await createClinic(a.page);
  await addPatient(a.page, { given: 'Nia', family: 'Holt' });
  await expectSynced(a.page);
  const clinicId = await clinicIdOf(a.page);

  await a.page.getByRole('button', { name: 'New record' }).click();
  await a.page
    .getByRole('dialog', { name: 'New record' })
    .getByRole('button', { name: /^Wound assessment/ })
    .click();
  const field = a.page.getByRole('group', { name: 'Photos', exact: true });
  const chooser = a.page.waitForEvent('filechooser');
  // PDFs are the rarer case: under More, behind the buttons for photos.
  await field.getByRole('button', { name: 'More' }).click();
  await field.getByRole('button', { name: 'Attach PDF' }).click();
  await (
    await chooser
  ).setFiles({
    name: 'discharge-letter.pdf',
    mimeType: 'application/pdf',
    buffer: Buffer.from(
      '%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n',
    ),
  });
  const attachments = field.getByRole('list', { name: 'Attachments' });
  await expect(attachments.getByRole('listitem')).toHaveCount(1);
  await expect(attachments).toContainText('discharge-letter');
  await expect(saveStatus(a.page)).toHaveText(/Saved on this device|Synced/);
  await expect(attachments).toContainText('Uploaded', { timeout: 60_000 });
  await expectSynced(a.page);

  const keys = await s3.keys(clinicId);
  expect(keys).toHaveLength(1);
  expect(keys[0]).toMatch(/\/attachments\/[0-9a-f-]{36}$/);
  const rows = await photoRows(clinicId);
  expect(rows).toEqual([{ id: keys[0]?.split('/').at(-1), status: 'committed', uploaded: true }]);
});
