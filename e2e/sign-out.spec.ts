import AxeBuilder from '@axe-core/playwright';
import {
  addPatient,
  createClinic,
  expect,
  expectSynced,
  signIn,
  signOut,
  syncStatus,
  test,
} from './fixtures.ts';

test('signing out with unsent work says how much, erases only on a second yes, and can keep it', async ({
  openDevice,
}) => {
  const phone = await openDevice('phone');
  const { page } = phone;
  const account = await createClinic(page);
  await expectSynced(page);
  await phone.goOffline();
  await addPatient(page, { given: 'Jo', family: 'Vance' });
  await expect(syncStatus(page)).toContainText('1 change waiting');

  await page.getByRole('button', { name: /^Account:/ }).click();
  await page.getByRole('button', { name: 'Sign out' }).click();
  const dialog = page.getByRole('dialog', { name: 'Sign out of this device' });
  await expect(dialog).toContainText('1 change made on this device has not been sent yet.');
  expect((await new AxeBuilder({ page }).include('dialog').analyze()).violations).toEqual([]);

  // Erasing asks again, naming what would be lost; "Don't erase" goes back.
  await dialog.getByRole('button', { name: "Erase this device's copy" }).click();
  const confirm = page.getByRole('dialog', { name: 'Erase unsent work?' });
  await expect(confirm).toContainText('Erasing deletes 1 change for good.');
  await confirm.getByRole('button', { name: "Don't erase" }).click();
  await dialog.getByRole('button', { name: 'Keep the copy and sign out' }).click();
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  await expect(page.getByText('1 change is waiting on this device')).toBeVisible();

  // Kept: signing in again sends it.
  await phone.goOnline();
  await signIn(page, account);
  await expectSynced(page);
  await expect(page.getByRole('link', { name: 'Vance, Jo' })).toBeVisible();

  // Nothing unsent: erasing takes one yes and removes the device's copy.
  await signOut(page, { keep: false });
  const databases = await page.evaluate(async () =>
    (await indexedDB.databases()).map((database) => database.name ?? ''),
  );
  // Left: the device's own settings, and the stand-in database of nobody signed in.
  expect(databases.filter((name) => /^bedside-[0-9a-f]{8}-/.test(name))).toEqual([]);
});
