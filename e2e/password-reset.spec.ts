import { createClinic, expect, openSettings, signIn, signOut, test } from './fixtures.ts';
import { mailTo } from './mail.ts';
import { expectNoAxeViolations } from './axe.ts';

test('a forgotten password is reset from the emailed link, and the new one signs in', async ({
  openDevice,
}) => {
  const device = await openDevice('desktop');
  const { page } = device;
  // The used link's second try is answered 400, which the browser logs.
  device.allowConsoleErrors(/status of 400 .*\/api\/auth\/password-reset\/confirm/);
  const account = await createClinic(page);

  await signOut(page, { keep: false });

  await page.getByRole('link', { name: 'Forgot your password?' }).click();
  await expect(
    page.getByRole('heading', { level: 1, name: 'Forgot your password?' }),
  ).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByLabel('Email').fill(account.email);
  await page.getByRole('button', { name: 'Send me a link' }).click();
  await expect(page.getByText('If an account uses this address, we sent it a link.')).toBeVisible();
  await expectNoAxeViolations(page);

  await expect.poll(() => mailTo(account.email).length).toBe(1);
  const [mail] = mailTo(account.email);
  expect(mail?.subject).toBe('Reset your Bedside password');
  const link = /(\S+\/reset-password)#([\w-]+)/.exec(mail?.text ?? '');
  expect(link).not.toBeNull();
  const token = link?.[2] ?? '';

  // The device's own origin (the test's network gate) stands in for the server's public one.
  await page.goto(`/reset-password#${token}`);
  await expect(
    page.getByRole('heading', { level: 1, name: 'Choose a new password' }),
  ).toBeVisible();
  await expectNoAxeViolations(page);
  const newPassword = 'a brand new passphrase';
  await page.getByLabel('New password', { exact: true }).fill(newPassword);
  await page.getByLabel('New password again').fill('a brand new passphrose');
  await page.getByRole('button', { name: 'Set new password' }).click();
  await expect(page.getByText('The two new passwords are not the same.').first()).toBeVisible();
  await page.getByLabel('New password again').fill(newPassword);
  await page.getByRole('button', { name: 'Set new password' }).click();

  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  await expect(
    page.getByText('Your password was changed. Sign in with the new one.'),
  ).toBeVisible();
  await signIn(page, { email: account.email, password: newPassword });

  // The link worked once.
  await signOut(page, { keep: false });
  await page.goto(`/reset-password#${token}`);
  await page.getByLabel('New password', { exact: true }).fill('yet another passphrase');
  await page.getByLabel('New password again').fill('yet another passphrase');
  await page.getByRole('button', { name: 'Set new password' }).click();
  await expect(
    page.getByText('This link has expired or was already used. Ask for a new one.'),
  ).toBeVisible();
});

test('My account changes my password on a phone, with plain-sentence errors', async ({
  openDevice,
}) => {
  const device = await openDevice('phone');
  const { page } = device;
  // The wrong current password is answered 403, which the browser logs.
  device.allowConsoleErrors(/status of 403 .*\/api\/auth\/password/);
  const account = await createClinic(page);
  await openSettings(page, 'My account');
  await expect(page.getByRole('heading', { level: 1, name: 'My account' })).toBeVisible();
  await expectNoAxeViolations(page);

  await page.getByLabel('Current password').fill('not my password');
  await page.getByLabel('New password', { exact: true }).fill('a brand new passphrase');
  await page.getByLabel('New password again').fill('a brand new passphrase');
  await page.getByRole('button', { name: 'Change password' }).click();
  await expect(page.getByText('This is not your current password.').first()).toBeVisible();
  await expectNoAxeViolations(page);

  await page.getByLabel('Current password').fill(account.password);
  await page.getByRole('button', { name: 'Change password' }).click();
  await expect(
    page.getByText('Your password was changed. Your other devices are signed out.'),
  ).toBeVisible();
  // This device stays signed in.
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: 'My account' })).toBeVisible();
});
