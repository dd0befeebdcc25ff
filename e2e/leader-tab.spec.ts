import type { Page } from '@playwright/test';
import { addPatient, createClinic, expect, expectSynced, signIn, test } from './fixtures.ts';

/**
 * Names a tab for Web Lock queries: the tab holds a lock of its own called `e2e-tab-<name>`, so
 * the lock manager's client id of that lock is the tab's. (Pages cannot read their own id.)
 */
async function nameTab(page: Page, name: string): Promise<void> {
  await page.evaluate(
    (lockName) =>
      new Promise<void>((granted) => {
        void navigator.locks.request(lockName, () => {
          granted();
          return new Promise<void>(() => undefined); // held for the tab's lifetime
        });
      }),
    `e2e-tab-${name}`,
  );
}

/** Which named tabs hold the sync leader lock, and which wait for it. */
function syncLock(page: Page): Promise<{ held: string[]; waiting: string[] }> {
  return page.evaluate(async () => {
    const { held = [], pending = [] } = await navigator.locks.query();
    const tabOf = new Map(
      held
        .filter((lock) => lock.name?.startsWith('e2e-tab-'))
        .map((lock) => [lock.clientId, lock.name?.slice('e2e-tab-'.length)]),
    );
    const holders = (locks: LockInfo[]) =>
      locks
        .filter((lock) => lock.name === 'bedside-sync')
        .map((lock) => tabOf.get(lock.clientId) ?? 'unnamed client');
    return { held: holders(held), waiting: holders(pending) };
  });
}

test('one tab leads syncing; writes in any tab sync, and another tab takes over when it closes', async ({
  openDevice,
}) => {
  const a = await openDevice('desktop A');
  const b = await openDevice('desktop B');
  const account = await createClinic(a.page);
  await signIn(b.page, account);

  const firstTab = a.page;
  const secondTab = await a.context.newPage();
  await secondTab.goto('/');
  await expect(secondTab.getByRole('link', { name: 'New patient' })).toBeVisible();
  await nameTab(firstTab, 'first');
  await nameTab(secondTab, 'second');
  await expect.poll(() => syncLock(secondTab)).toEqual({ held: ['first'], waiting: ['second'] });

  // A write in the tab that does not lead reaches the server and the other device.
  await addPatient(secondTab, { given: 'Lia', family: 'Moreau' });
  await expectSynced(secondTab);
  await expect(b.page.getByRole('link', { name: 'Moreau, Lia' })).toBeVisible();
  await expect(firstTab.getByRole('link', { name: 'Moreau, Lia' })).toBeVisible();

  await firstTab.close();
  await expect.poll(() => syncLock(secondTab)).toEqual({ held: ['second'], waiting: [] });

  // The new leader pushes this tab's writes and pulls the other device's.
  await addPatient(secondTab, { given: 'Max', family: 'Novak' });
  await expectSynced(secondTab);
  await expect(b.page.getByRole('link', { name: 'Novak, Max' })).toBeVisible();
  await addPatient(b.page, { given: 'Noa', family: 'Ortiz' });
  await secondTab.getByRole('link', { name: 'Patients', exact: true }).click();
  await expect(secondTab.getByRole('link', { name: 'Ortiz, Noa' })).toBeVisible();
});
