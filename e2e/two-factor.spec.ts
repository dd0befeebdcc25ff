import { Secret, TOTP } from 'otpauth';
import { createClinic, expect, openSettings, signOut, test } from './fixtures.ts';
import { expectNoAxeViolations } from './axe.ts';

/** The code an authenticator app shows `aheadMs` from now, for the key the page showed. */
function appCode(key: string, aheadMs = 0): string {
  return new TOTP({ secret: Secret.fromBase32(key), digits: 6, period: 30 }).generate({
    timestamp: Date.now() + aheadMs,
  });
}

test('a user turns on two-factor sign-in, signs out and signs in with a code', async ({
  openDevice,
}) => {
  const { page } = await openDevice('desktop');
  const account = await createClinic(page);

  await openSettings(page, 'My account');
  const card = page.getByRole('region', { name: 'Two-factor sign-in' });
  await card.getByRole('button', { name: 'Set up two-factor sign-in' }).click();
  await card.getByLabel('Current password').fill(account.password);
  await card.getByRole('button', { name: 'Continue' }).click();
  await expect(
    card.getByRole('img', { name: 'QR code to add Bedside to your authenticator app' }),
  ).toBeVisible();
  await expectNoAxeViolations(page);

  const key = (await card.locator('.key').innerText()).replace(/\s/g, '');
  expect(key).toMatch(/^[A-Z2-7]{32}$/);
  await card.getByLabel('Code from your app').fill(appCode(key));
  await card.getByRole('button', { name: 'Turn on' }).click();
  await expect(card.getByRole('heading', { name: 'Your recovery codes' })).toBeVisible();
  await expect(card.getByRole('listitem')).toHaveCount(10);
  await expectNoAxeViolations(page);
  await card.getByRole('button', { name: 'I have saved them' }).click();
  await expect(card.getByText(/^On since/)).toBeVisible();

  await signOut(page, { keep: true });
  await page.getByLabel('Email').fill(account.email);
  await page.getByLabel('Password', { exact: true }).fill(account.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Two-factor sign-in' })).toBeVisible();
  await expect(page.getByLabel('Code from your app')).toHaveAttribute(
    'autocomplete',
    'one-time-code',
  );
  await expectNoAxeViolations(page);
  // The code that turned it on is used up; a phone shows the next one within 30 s, and the
  // server takes the next step's code as from a phone a little ahead.
  await page.getByLabel('Code from your app').fill(appCode(key, 30_000));
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Today' })).toBeVisible();
});
