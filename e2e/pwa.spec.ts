import type { APIRequestContext, Page } from '@playwright/test';
import { addPatient, createClinic, expect, expectSynced, signIn, test } from './fixtures.ts';

type ManifestIcon = { src: string; sizes?: string; type?: string; purpose?: string };
type Manifest = {
  name?: string;
  short_name?: string;
  start_url?: string;
  display?: string;
  icons?: ManifestIcon[];
};

const pngSignature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** Width and height from a PNG's header (the IHDR chunk right after the signature). */
function pngSize(bytes: Buffer): { width: number; height: number } {
  expect([...bytes.subarray(0, 8)]).toEqual(pngSignature);
  expect(bytes.subarray(12, 16).toString('latin1')).toBe('IHDR');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

async function fetchManifest(page: Page): Promise<{ url: string; manifest: Manifest }> {
  const href = await page.locator('link[rel="manifest"]').getAttribute('href');
  expect(href).toBeTruthy();
  const url = new URL(href ?? '', page.url()).href;
  const response = await page.request.get(url);
  expect(response.ok()).toBe(true);
  return { url, manifest: (await response.json()) as Manifest };
}

async function fetchIcon(request: APIRequestContext, manifestUrl: string, icon: ManifestIcon) {
  const response = await request.get(new URL(icon.src, manifestUrl).href);
  expect(response.ok()).toBe(true);
  return pngSize(await response.body());
}

/** The value the app stored under `key` in the signed-in user's database, read from IndexedDB. */
async function clinicMeta(page: Page, key: string): Promise<unknown> {
  const me = (await (await page.request.get('/api/auth/me')).json()) as {
    user: { id: string };
    clinic: { id: string };
  };
  return page.evaluate(
    async ({ name, key }) => {
      if (!(await indexedDB.databases()).some((database) => database.name === name)) return;
      const database = await new Promise<IDBDatabase>((resolve, reject) => {
        const opening = indexedDB.open(name);
        opening.onsuccess = () => resolve(opening.result);
        opening.onerror = () => reject(opening.error);
      });
      try {
        return await new Promise<unknown>((resolve, reject) => {
          const reading = database.transaction('meta').objectStore('meta').get(key);
          reading.onsuccess = () => resolve(reading.result);
          reading.onerror = () => reject(reading.error);
        });
      } finally {
        database.close();
      }
    },
    { name: `bedside-${me.clinic.id}-${me.user.id}`, key },
  );
}

test('the manifest offers a standalone app with 192 and 512 pixel PNG icons', async ({
  openDevice,
}) => {
  const { page, context } = await openDevice('phone A');
  await page.goto('/login');
  const { url, manifest } = await fetchManifest(page);

  expect(manifest).toMatchObject({
    name: 'Bedside',
    short_name: 'Bedside',
    start_url: '/',
    display: 'standalone',
  });
  for (const size of [192, 512]) {
    const icon = manifest.icons?.find(
      (candidate) =>
        candidate.sizes?.split(' ').includes(`${size}x${size}`) &&
        (candidate.purpose ?? 'any').split(' ').includes('any'),
    );
    expect(icon, `an icon of ${size}x${size} for any purpose`).toBeDefined();
    if (!icon) continue;
    expect(icon.type).toBe('image/png');
    expect(await fetchIcon(page.request, url, icon)).toEqual({ width: size, height: size });
  }

  // What Chromium itself checks before it offers "Install app". Test contexts are incognito,
  // which is reported too but does not stop the other checks.
  const devtools = await context.newCDPSession(page);
  expect((await devtools.send('Page.getAppManifest')).errors).toEqual([]);
  await expect
    .poll(async () =>
      (await devtools.send('Page.getInstallabilityErrors')).installabilityErrors
        .map((error) => error.errorId)
        .filter((errorId) => errorId !== 'in-incognito'),
    )
    .toEqual([]);
});

test('after the first visit a service worker controls the app and storage persistence was requested', async ({
  openDevice,
}) => {
  const { page } = await openDevice('phone A');
  await createClinic(page);
  await expect
    .poll(() => page.evaluate(() => navigator.serviceWorker.controller?.state))
    .toBe('activated');
  await expect
    .poll(() => page.evaluate(() => navigator.serviceWorker.controller?.scriptURL))
    .toMatch(/\/service-worker\.js$/);

  // The app notes the browser's answer to navigator.storage.persist(); it matches the browser's.
  const persisted = await page.evaluate(() => navigator.storage.persisted());
  await expect
    .poll(() => clinicMeta(page, 'storagePersisted'))
    .toEqual({ key: 'storagePersisted', value: persisted });
});

test('a patient link never opened before opens offline', async ({ openDevice }) => {
  const tablet = await openDevice('tablet A');
  const desktop = await openDevice('desktop B');
  const account = await createClinic(tablet.page);
  await expect
    .poll(() => tablet.page.evaluate(() => navigator.serviceWorker.controller?.state))
    .toBe('activated');
  await signIn(desktop.page, account);
  await addPatient(desktop.page, { given: 'Rae', family: 'Sato', identifier: 'MRN-31' });
  await expectSynced(desktop.page);

  const link = tablet.page.getByRole('link', { name: 'Sato, Rae' });
  await expect(link).toBeVisible();
  const href = await link.getAttribute('href');
  expect(href).toMatch(/^\/patients\/[0-9a-f-]{36}$/);

  await tablet.goOffline();
  await tablet.page.goto(href ?? '');
  await expect(tablet.page.getByRole('heading', { name: 'Sato, Rae' })).toBeVisible();
  await expect(tablet.page.getByText('MRN-31')).toBeVisible();
  await expect(tablet.page.getByRole('status', { name: 'Sync status' })).toContainText('Offline');
});
