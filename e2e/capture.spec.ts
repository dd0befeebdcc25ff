import type { Locator, Page } from '@playwright/test';
import { sql } from '../sync-server/src/storage/sql.ts';
import {
  addPatient,
  createClinic,
  expect,
  expectSynced,
  openPatient,
  test,
  type Device,
} from './fixtures.ts';
import {
  bucket,
  clinicIdOf,
  gallery,
  galleryTiles,
  generatedJpeg,
  withServerDb,
} from './photo-helpers.ts';
import { decodeQr } from './qr-decode.ts';

/** The desktop's dialog after "Capture with phone": its link, as text and as the QR code. */
async function openCaptureDialog(desktop: Page, scope: Locator) {
  await scope.getByRole('button', { name: 'Capture with phone' }).click();
  const dialog = desktop.getByRole('dialog', { name: 'Capture with phone' });
  const link = dialog.getByRole('textbox', { name: 'Capture link' });
  await expect(link).toHaveValue(/\/capture\/[A-Za-z0-9_-]{43}$/);
  const url = await link.inputValue();
  const qr = dialog.getByRole('img', { name: 'QR code for the capture link' });
  expect(decodeQr(await qr.screenshot())).toBe(url);
  return { dialog, url };
}

/** A phone opens the link: its path on the phone's own way to the server (see README). */
async function openOnPhone(phone: Device, url: string) {
  await phone.context.grantPermissions(['camera']);
  await phone.page.goto(new URL(url).pathname);
}

function phoneProblem(phone: Page) {
  return phone.getByRole('alert');
}

async function chooseOnPhone(phone: Page, jpegs: Buffer[]) {
  const chooser = phone.waitForEvent('filechooser');
  await phone.getByRole('button', { name: 'Choose', exact: true }).click();
  await (
    await chooser
  ).setFiles(
    jpegs.map((buffer, index) => ({ name: `p${index}.jpg`, mimeType: 'image/jpeg', buffer })),
  );
}

async function tokenOf(url: string): Promise<string> {
  return url.split('/').at(-1) ?? '';
}

async function ageCode(url: string): Promise<void> {
  const { createHash } = await import('node:crypto');
  const hash = createHash('sha256')
    .update(await tokenOf(url))
    .digest('hex');
  await withServerDb((db) =>
    db.many(
      sql`UPDATE capture_sessions SET token_expires_at = now() - interval '1 second'
          WHERE token_hash = ${hash} RETURNING id`,
    ),
  );
}

type StoredPhoto = { id: string; bodySite: string | null; laterality: string | null };

async function storedPhotos(clinicId: string): Promise<StoredPhoto[]> {
  return withServerDb((db) =>
    db.many<StoredPhoto>(
      sql`SELECT id, body_site AS "bodySite", laterality FROM photos
          WHERE clinic_id = ${clinicId} AND status = 'committed' AND uploaded_at IS NOT NULL
          ORDER BY captured_at, id`,
    ),
  );
}

test('a phone takes three described photos for a record; the desktop shows them without a reload', async ({
  openDevice,
}) => {
  const desktop = await openDevice('desktop');
  await createClinic(desktop.page);
  await addPatient(desktop.page, { given: 'Maria', family: 'Lopez' });
  const clinicId = await clinicIdOf(desktop.page);
  await desktop.page.getByRole('button', { name: 'New record' }).click();
  await desktop.page
    .getByRole('dialog', { name: 'New record' })
    .getByRole('button', { name: /^Wound assessment/ })
    .click();
  await expect(
    desktop.page.getByRole('heading', { level: 1, name: 'Wound assessment' }),
  ).toBeVisible();
  await expectSynced(desktop.page);

  const field = desktop.page.getByRole('group', { name: 'Photos', exact: true });
  const { dialog, url } = await openCaptureDialog(desktop.page, field);
  // The test server listens on 127.0.0.1 only: the dialog says a phone cannot use this link.
  await expect(dialog).toContainText('a phone cannot open it');
  await expect(dialog).toContainText(/expires in \d+:\d\d/);

  const phone = await openDevice('phone');
  // Ending the session answers the phone's next request with 410 Gone, as it should.
  phone.allowConsoleErrors(/status of 410 .*\/api\/capture\//);
  await openOnPhone(phone, url);
  await expect(phone.page.getByText('Photos for patient M. L.')).toBeVisible();
  await expect(dialog).toContainText('Phone connected');

  // Three shots from the live (fake) camera.
  await phone.page.getByRole('button', { name: 'Use camera' }).click();
  const camera = phone.page.getByRole('dialog', { name: 'Camera' });
  const shutter = camera.getByRole('button', { name: 'Take picture' });
  for (let shot = 1; shot <= 3; shot++) {
    await expect(shutter).toBeEnabled();
    await shutter.click();
    await expect(camera).toContainText(`${shot} photo${shot === 1 ? '' : 's'} taken.`);
  }
  await camera.getByRole('button', { name: 'Done' }).click();

  // Review, then describe two of them and leave the third undescribed.
  await expect(phone.page.getByRole('img', { name: /^Photo \d of 3$/ })).toHaveCount(3);
  await phone.page.getByRole('button', { name: 'Next: describe' }).click();
  const first = phone.page.getByRole('group', { name: 'Photo 1 of 3' });
  await first.getByRole('radio', { name: 'Left' }).check();
  await first.getByRole('combobox', { name: 'Body site' }).fill('Knee');
  const second = phone.page.getByRole('group', { name: 'Photo 2 of 3' });
  await second.getByRole('radio', { name: 'Right' }).check();
  await second.getByRole('combobox', { name: 'Body site' }).fill('Heel');
  await phone.page.getByRole('button', { name: 'Send 3 photos' }).click();
  await expect(phone.page.getByText('3 photos sent.')).toBeVisible({ timeout: 60_000 });

  // The desktop saw each of them arrive, and the record's field holds them.
  const arrived = dialog.locator('img[data-photo-id]');
  await expect(arrived).toHaveCount(3);
  for (const image of await arrived.all()) {
    await expect
      .poll(() => image.evaluate((element: HTMLImageElement) => element.naturalWidth))
      .toBeGreaterThan(0);
  }
  await expect(dialog).toContainText('3 of 20 photos');
  // Escape with a phone connected asks first: ending would stop the phone's uploads.
  await desktop.page.keyboard.press('Escape');
  await expect(dialog.getByRole('alert')).toContainText('A phone is still connected.');
  // The prompt's two choices are the only ones: no second "End session" beside them.
  await expect(dialog.getByRole('button', { name: /End session/ })).toHaveText([
    'End session and close',
  ]);
  await dialog.getByRole('button', { name: 'Keep the session' }).click();
  await expect(dialog).toContainText('Phone connected');
  await dialog.getByRole('button', { name: 'End session' }).click();
  await expect(dialog).toContainText('The session has ended. 3 photos arrived.');
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(field.getByRole('listitem')).toHaveCount(3);

  const stored = await storedPhotos(clinicId);
  expect(stored.map(({ bodySite, laterality }) => ({ bodySite, laterality }))).toEqual([
    { bodySite: 'Knee', laterality: 'left' },
    { bodySite: 'Heel', laterality: 'right' },
    { bodySite: null, laterality: null },
  ]);
  const keys = await bucket().keys(clinicId);
  expect(keys.map((key) => key.split('/').at(-1)).sort()).toEqual(
    stored.map((photo) => photo.id).sort(),
  );

  // In the patient's gallery too, with what the phone said about them.
  await openPatient(desktop.page, 'Lopez, Maria');
  await expect(galleryTiles(desktop.page)).toHaveCount(3);
  await expect(gallery(desktop.page)).toContainText('Left knee');
  await expect(gallery(desktop.page)).toContainText('Right heel');

  // The phone was told the session is over.
  await phone.page.getByRole('button', { name: 'Take more' }).click();
  await expect(phoneProblem(phone.page)).toContainText('ended on the computer');
});

test('a used code, an expired code, another clinic and a 21st photo are refused with a plain sentence', async ({
  openDevice,
}) => {
  const desktop = await openDevice('desktop');
  await createClinic(desktop.page);
  await addPatient(desktop.page, { given: 'Tom', family: 'Okafor' });
  await expectSynced(desktop.page);
  const clinicId = await clinicIdOf(desktop.page);

  // Used: the first phone opens it, a second cannot.
  const { dialog, url } = await openCaptureDialog(desktop.page, gallery(desktop.page));
  const phone = await openDevice('phone');
  // Every refusal in this test is an answer of 4xx from the capture API, logged by Chromium.
  phone.allowConsoleErrors(/status of 4\d\d .*\/api\/capture\//);
  await openOnPhone(phone, url);
  await expect(phone.page.getByText('Photos for patient T. O.')).toBeVisible();
  const second = await openDevice('second phone');
  second.allowConsoleErrors(/status of 4\d\d .*\/api\/capture\//);
  await openOnPhone(second, url);
  await expect(phoneProblem(second.page)).toContainText('This code has already been used.');
  await expect(phoneProblem(second.page)).toContainText('Nothing was sent from this phone.');

  // 21 photos chosen at once: 20 are kept, and the phone says why not the last.
  const jpegs = await Promise.all(
    Array.from({ length: 21 }, (_, seed) => generatedJpeg(phone.page, seed)),
  );
  await chooseOnPhone(phone.page, jpegs);
  await expect(phone.page.getByRole('alert')).toContainText(
    '20 photos is the most for one session: 1 photo was not added.',
  );
  await expect(phone.page.getByRole('img', { name: /^Photo \d+ of 20$/ })).toHaveCount(20);
  // Ended early on the computer: the phone says so, and that its photos were not sent.
  await dialog.getByRole('button', { name: 'End session' }).click();
  await dialog.getByRole('button', { name: 'Close' }).click();
  await phone.page.getByRole('button', { name: 'Send without describing' }).click();
  await expect(phoneProblem(phone.page)).toContainText('ended on the computer');
  await expect(phoneProblem(phone.page)).toContainText('20 photos on this phone were not sent.');

  // Expired: a code left ten minutes unopened.
  const late = await openCaptureDialog(desktop.page, gallery(desktop.page));
  await ageCode(late.url);
  const third = await openDevice('third phone');
  third.allowConsoleErrors(/status of 4\d\d .*\/api\/capture\//);
  await openOnPhone(third, late.url);
  await expect(phoneProblem(third.page)).toContainText('This code has expired.');
  await late.dialog.getByRole('button', { name: 'Close' }).click();

  // Another clinic: a phone signed in to a different clinic cannot use this clinic's code.
  const other = await openCaptureDialog(desktop.page, gallery(desktop.page));
  const elsewhere = await openDevice('phone of another clinic');
  elsewhere.allowConsoleErrors(/status of 4\d\d .*\/api\/capture\//);
  await createClinic(elsewhere.page);
  await openOnPhone(elsewhere, other.url);
  await expect(phoneProblem(elsewhere.page)).toContainText('belongs to another clinic');
  await other.dialog.getByRole('button', { name: 'Close' }).click();

  expect(await storedPhotos(clinicId)).toEqual([]);
  expect(await bucket().keys(clinicId)).toEqual([]);
});
