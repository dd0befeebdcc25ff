import {
  addPatient,
  createClinic,
  expect,
  expectSynced,
  mainNavigation,
  openPatient,
  syncStatus,
  test,
} from './fixtures.ts';
import { chooseFiles, gallery, galleryTiles, generatedJpeg } from './photo-helpers.ts';

test('with little storage, an uploaded original is evicted, the thumbnail stays offline, and the original loads again online', async ({
  openDevice,
}) => {
  const tablet = await openDevice('tablet A');
  // A device whose browser grants this origin 1,000 bytes: the budget for originals is a fifth.
  await tablet.context.addInitScript(() => {
    navigator.storage.estimate = async () => ({ usage: 0, quota: 1_000 });
  });
  const { page } = tablet;
  await createClinic(page);
  await addPatient(page, { given: 'Mira', family: 'Holm' });
  await expectSynced(page);
  await chooseFiles(page, gallery(page), [await generatedJpeg(page, 11)], 11);
  await expect(
    gallery(page).locator('.upload-text').getByText('Uploaded', { exact: true }),
  ).toHaveCount(1, { timeout: 30_000 });

  // Once uploaded, the original is over budget and goes; Settings says what is kept.
  await mainNavigation(page).getByRole('link', { name: 'Settings', exact: true }).click();
  const thisDevice = page.getByRole('region', { name: 'This device' });
  await expect(thisDevice).toContainText(
    'Full-size photos on this device: 0 bytes of up to 200 bytes.',
  );
  await expect(thisDevice).toContainText(/Persistent storage: (granted|not granted)\./);

  // Offline: the photo view shows the small copy and says why.
  await tablet.goOffline();
  await expect(syncStatus(page)).toContainText('Offline');
  await openPatient(page, 'Holm, Mira');
  await galleryTiles(page)
    .first()
    .getByRole('button', { name: /^Open photo/ })
    .click();
  const lightbox = page.getByRole('dialog', { name: 'Photo 1 of 1' });
  await expect(lightbox.getByRole('status')).toHaveText(
    'This photo’s full size is not on this device; it will load when you are online.',
  );
  const picture = lightbox.locator('img.photo-picture');
  await expect
    .poll(() => picture.evaluate((image: HTMLImageElement) => image.naturalWidth))
    .toBeLessThanOrEqual(320);

  // Online again: the original is fetched through the API and shown at full size.
  const download = page.waitForRequest((request) =>
    /\/api\/photos\/[^/]+\/content$/.test(request.url()),
  );
  await tablet.goOnline();
  await download;
  await expect(
    lightbox.getByText('This photo’s full size is not on this device', { exact: false }),
  ).toBeHidden();
  await expect
    .poll(() => picture.evaluate((image: HTMLImageElement) => image.naturalWidth))
    .toBe(1600);
});
