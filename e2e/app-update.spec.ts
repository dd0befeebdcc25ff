import type { BrowserContext, Page } from '@playwright/test';
import { createClinic, expect, test } from './fixtures.ts';

/**
 * The browser's own record of this origin's service worker versions (DevTools protocol), as
 * version ids by status, e.g. `{ activated: ['0'], installed: ['1'] }`.
 */
async function watchServiceWorkerVersions(context: BrowserContext, page: Page) {
  const statusOf = new Map<string, string>();
  const session = await context.newCDPSession(page);
  session.on('ServiceWorker.workerVersionUpdated', ({ versions }) => {
    for (const { versionId, status } of versions) statusOf.set(versionId, status);
  });
  await session.send('ServiceWorker.enable');
  return () => {
    const byStatus: Record<string, string[]> = {};
    for (const [versionId, status] of statusOf) (byStatus[status] ??= []).push(versionId);
    return byStatus;
  };
}

/** Whether the page is controlled by its registration's active worker, and whether another waits. */
function controlledByActiveWorker(page: Page) {
  return page.evaluate(async () => {
    const registration = await navigator.serviceWorker.getRegistration();
    const controller = navigator.serviceWorker.controller;
    return {
      controlled: controller !== null && controller === registration?.active,
      waiting: registration?.waiting !== null,
    };
  });
}

test('a new version waits while a form holds unsaved work, then reloads into the new worker', async ({
  openDevice,
}) => {
  const device = await openDevice('desktop A');
  const { page } = device;
  const workerVersions = await watchServiceWorkerVersions(device.context, page);
  await createClinic(page);
  await expect
    .poll(() => controlledByActiveWorker(page))
    .toEqual({ controlled: true, waiting: false });
  await expect.poll(() => workerVersions()).toEqual({ activated: [expect.any(String)] });
  const firstVersion = workerVersions()['activated']?.[0];

  await page.getByRole('link', { name: 'New patient' }).click();
  await page.getByLabel('Given name').fill('Pia');
  await page.getByLabel('Family name').fill('Quist');

  // A new release: the worker script changes by a byte, and the browser checks for updates
  // (as it does on its own every so often).
  device.gate.rewriteBody('/service-worker.js', (script) => `${script}\n// next release\n`);
  await page.evaluate(async () => {
    const registration = await navigator.serviceWorker.getRegistration();
    await registration?.update();
  });

  const banner = page.getByRole('region', { name: 'App update' });
  await expect(banner).toContainText('A new version of Bedside is available');
  const reloadButton = banner.getByRole('button', { name: 'Reload to update' });
  await expect(reloadButton).toBeDisabled();
  await expect(banner).toContainText('Save your work first');
  await expect(reloadButton).toHaveAccessibleDescription('Save your work first');
  await expect
    .poll(() => workerVersions())
    .toEqual({ activated: [firstVersion], installed: [expect.any(String)] });
  await expect
    .poll(() => controlledByActiveWorker(page))
    .toEqual({ controlled: true, waiting: true });

  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('heading', { name: 'Quist, Pia' })).toBeVisible();
  await expect(reloadButton).toBeEnabled();
  await expect(banner).not.toContainText('Save your work first');

  const reloaded = page.waitForEvent('load');
  await reloadButton.click();
  await reloaded;
  // The worker that was waiting is the active one and controls the page; the old one is gone.
  await expect
    .poll(() => workerVersions())
    .toEqual({ activated: [expect.any(String)], redundant: [firstVersion] });
  await expect
    .poll(() => controlledByActiveWorker(page))
    .toEqual({ controlled: true, waiting: false });
  await expect(page.getByRole('heading', { name: 'Quist, Pia' })).toBeVisible();
  await expect(page.getByText('A new version of Bedside is available')).toHaveCount(0);
});
