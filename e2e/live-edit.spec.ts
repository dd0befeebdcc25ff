import type { Page } from '@playwright/test';
import {
  addPatient,
  createClinic,
  expect,
  expectSynced,
  openPatient,
  signIn,
  test,
  type Device,
} from './fixtures.ts';

/**
 * A saved edit reaches the other device's open screen quickly. The bound is loose on purpose
 * (the figure itself is measured by `pnpm bench poke`): it catches an edit that waits for a
 * timer or a retry instead of being pushed at once.
 */
const LOOSE_BOUND_MS = 2_000;

async function timeUntilShown(editor: Page, viewer: Page, phone: string): Promise<number> {
  await editor.getByRole('button', { name: 'Edit' }).click();
  await editor.getByLabel('Phone', { exact: true }).fill(phone);
  const saved = Date.now();
  await editor.getByRole('button', { name: 'Save' }).click();
  await expect(viewer.getByText(phone)).toBeVisible({ timeout: 10_000 });
  return Date.now() - saved;
}

async function twoDevicesOnOnePatient(
  openDevice: (name: string) => Promise<Device>,
  { backgroundSync }: { backgroundSync: boolean },
) {
  const tablet = await openDevice('tablet A');
  if (!backgroundSync)
    // As in a browser without the Background Sync API (Safari, Firefox): the page alone pushes.
    await tablet.context.addInitScript(() => {
      delete (ServiceWorkerRegistration.prototype as { sync?: unknown }).sync;
      delete (window as { SyncManager?: unknown }).SyncManager;
    });
  const desktop = await openDevice('desktop B');
  const account = await createClinic(tablet.page);
  await addPatient(tablet.page, { given: 'Ida', family: 'Quist' });
  await expectSynced(tablet.page);
  await signIn(desktop.page, account);
  await openPatient(desktop.page, 'Quist, Ida');
  await expectSynced(desktop.page);
  return { tablet, desktop };
}

for (const backgroundSync of [true, false])
  test(`a saved edit shows on the other device’s open patient page at once (${
    backgroundSync ? 'with' : 'without'
  } Background Sync)`, async ({ openDevice }) => {
    const { tablet, desktop } = await twoDevicesOnOnePatient(openDevice, { backgroundSync });
    expect(await timeUntilShown(tablet.page, desktop.page, '0412 345 678')).toBeLessThan(
      LOOSE_BOUND_MS,
    );
  });
