import type { Locator, Page } from '@playwright/test';
import {
  addPatient,
  createClinic,
  editPatient,
  expect,
  expectSynced,
  mainNavigation,
  openPatient,
  openSettings,
  syncStatus,
  test,
} from './fixtures.ts';

async function box(locator: Locator) {
  const found = await locator.boundingBox();
  if (!found) throw new Error(`${locator.toString()} is not on screen`);
  return found;
}

/** The header's parts, each expected on the header's one row. */
function headerParts(page: Page) {
  const header = page.getByRole('banner');
  return {
    header,
    parts: [
      header.getByRole('link', { name: 'Bedside' }),
      header.getByText('Riverside Physio', { exact: true }),
      syncStatus(page).getByRole('button', { name: 'Sync details' }),
      header.getByRole('button', { name: /^Account/ }),
    ],
  };
}

test('on a 360×740 phone the tabs are one row at the bottom and the header one row of at most 56 px', async ({
  openDevice,
}) => {
  const phone = await openDevice('phone');
  const page = phone.page;
  await page.setViewportSize({ width: 360, height: 740 });
  await createClinic(page);
  await addPatient(page, { given: 'Ann', family: 'Lee', identifier: 'MRN-1' });
  await expectSynced(page);
  // The server refuses a second MRN-1: the header's fullest state, with needs-attention.
  await addPatient(page, { given: 'Bo', family: 'Nguyen', identifier: 'MRN-1' });
  const attention = page.getByRole('button', { name: /1 needs? attention/ });
  await expect(attention).toBeVisible();

  const { header, parts } = headerParts(page);
  parts.push(attention);
  const headerBox = await box(header);
  expect(headerBox.y).toBe(0);
  expect(headerBox.height).toBeLessThanOrEqual(56);
  // One row: every part inside the header, their middles level, each one line tall.
  const middles: number[] = [];
  for (const part of parts) {
    const partBox = await box(part);
    expect(partBox.y, part.toString()).toBeGreaterThanOrEqual(headerBox.y);
    expect(partBox.y + partBox.height, part.toString()).toBeLessThanOrEqual(
      headerBox.y + headerBox.height,
    );
    expect(partBox.x + partBox.width, part.toString()).toBeLessThanOrEqual(360);
    middles.push(partBox.y + partBox.height / 2);
  }
  expect(Math.max(...middles) - Math.min(...middles)).toBeLessThanOrEqual(2);
  const clinicName = parts[1] ?? header;
  const lineHeight = await clinicName.evaluate((element) =>
    parseFloat(getComputedStyle(element).lineHeight),
  );
  expect((await box(clinicName)).height).toBeLessThanOrEqual(lineHeight + 1);

  // The tabs: one row along the bottom edge, each a comfortable target, one line of label.
  const tabs = mainNavigation(page).getByRole('link');
  await expect(tabs).toHaveText(['Today', 'Calendar', 'Patients', 'Settings']);
  const navBox = await box(mainNavigation(page));
  expect(navBox.y + navBox.height).toBe(740);
  for (const tab of await tabs.all()) {
    const tabBox = await box(tab);
    expect(tabBox.y).toBeGreaterThanOrEqual(navBox.y);
    expect(tabBox.height).toBeGreaterThanOrEqual(44);
    expect(tabBox.width).toBeGreaterThanOrEqual(44);
  }
  const [first, second] = [await box(tabs.first()), await box(tabs.last())];
  expect(second.y).toBe(first.y);
  expect(second.x).toBeGreaterThan(first.x);
  const patientsTab = tabs.filter({ hasText: 'Patients' });
  await expect(patientsTab).toHaveAttribute('aria-current', 'page');

  // A patient's page counts as Patients; its foot scrolls clear of the tab bar.
  await openPatient(page, 'Lee, Ann');
  await expect(patientsTab).toHaveAttribute('aria-current', 'page');
  await expect(tabs.last()).not.toHaveAttribute('aria-current', 'page');
  await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
  const mainBottom = await page
    .locator('main')
    .evaluate((element) => element.getBoundingClientRect().bottom);
  expect(mainBottom).toBeLessThanOrEqual(navBox.y + 0.5);
  await expect(headerParts(page).header).toBeInViewport();

  // Settings and any screen in it.
  await openSettings(page, 'Clinic');
  await expect(tabs.last()).toHaveAttribute('aria-current', 'page');
  await expect(patientsTab).not.toHaveAttribute('aria-current', 'page');

  // Sign out is in the account menu.
  const account = header.getByRole('button', { name: 'Account: Ana Owner' });
  await expect(account).toHaveAttribute('aria-expanded', 'false');
  await account.click();
  await expect(header.getByText(/Signed in as\s*Ana Owner/)).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(header.getByRole('button', { name: 'Sign out' })).toBeHidden();
  await expect(account).toBeFocused();
  await account.click();
  await header.getByRole('button', { name: 'Sign out' }).click();
  // The patient the server refused earlier is unsent work: erasing it takes a second yes.
  await page.getByRole('button', { name: "Erase this device's copy" }).click();
  await page.getByRole('button', { name: 'Erase 1 change and sign out' }).click();
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  await expect(mainNavigation(page)).toHaveCount(0);
});

test('on a desktop the side rail lists every place with its label; on a tablet too', async ({
  openDevice,
}) => {
  const desktop = await openDevice('desktop');
  const page = desktop.page;
  await page.setViewportSize({ width: 1280, height: 800 });
  await createClinic(page);
  await expectSynced(page);

  const rail = mainNavigation(page);
  const tabs = rail.getByRole('link');
  await expect(tabs).toHaveText(['Today', 'Calendar', 'Patients', 'Settings']);
  for (const size of [
    { width: 1280, height: 800 },
    { width: 820, height: 1180 },
  ]) {
    await page.setViewportSize(size);
    const railBox = await box(rail);
    const headerBox = await box(page.getByRole('banner'));
    expect(railBox.x, `${size.width}`).toBe(0);
    expect(railBox.y, `${size.width}`).toBe(headerBox.y + headerBox.height);
    expect(railBox.y + railBox.height, `${size.width}`).toBeLessThanOrEqual(size.height);
    expect(railBox.width, `${size.width}`).toBeLessThan(size.width / 4);
    const [first, second] = [await box(tabs.first()), await box(tabs.last())];
    expect(second.x, `${size.width}`).toBe(first.x);
    expect(second.y, `${size.width}`).toBeGreaterThanOrEqual(first.y + first.height);
    await expect(rail.getByText('Settings', { exact: true })).toBeVisible();
    // The page sits beside the rail, not under it.
    const mainBox = await box(page.locator('main'));
    expect(mainBox.x, `${size.width}`).toBeGreaterThanOrEqual(railBox.x + railBox.width);
  }

  await page.setViewportSize({ width: 1280, height: 800 });
  await openSettings(page, 'Templates');
  await expect(page.getByRole('heading', { level: 1, name: 'Templates' })).toBeVisible();
  await expect(tabs.last()).toHaveAttribute('aria-current', 'page');
  // The user's name shows beside the account menu's initials on a desktop.
  await expect(
    page.getByRole('button', { name: 'Account: Ana Owner' }).getByText('Ana Owner'),
  ).toBeVisible();
});

test('the owner saves the working hours, and they are there after a reload and offline', async ({
  openDevice,
}) => {
  const desktop = await openDevice('desktop');
  const page = desktop.page;
  await createClinic(page);
  await expectSynced(page);
  await openSettings(page, 'Clinic');
  await expect(page.getByRole('heading', { level: 1, name: 'Clinic' })).toBeVisible();
  const day = (name: string) => page.getByRole('group', { name, exact: true });

  await expect(day('Monday').getByLabel('Opens')).toHaveValue('08:00');
  await expect(day('Saturday').getByText('Closed')).toBeVisible();
  await day('Saturday').getByLabel('Open', { exact: true }).check();
  await day('Saturday').getByLabel('Opens').fill('09:00');
  await day('Saturday').getByLabel('Closes').fill('13:00');
  await day('Monday').getByLabel('Open', { exact: true }).uncheck();
  // Closing before opening is refused beside the day, with the shared message.
  await day('Tuesday').getByLabel('Closes').fill('07:00');
  await page.getByLabel('Clinic name').fill('Riverside Physio & Rehab');
  await page.getByLabel('Time zone').selectOption('Europe/Berlin');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('alert')).toBeVisible();
  await expect(day('Tuesday')).toContainText('The opening time must be before the closing time.');
  await expect(day('Tuesday').getByLabel('Closes')).toHaveAttribute('aria-invalid', 'true');

  await day('Tuesday').getByLabel('Closes').fill('18:00');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByText('Clinic settings saved.')).toBeVisible();
  await expect(page.getByRole('banner')).toContainText('Riverside Physio & Rehab');

  await page.reload();
  await expect(day('Saturday').getByLabel('Opens')).toHaveValue('09:00');
  await expect(day('Saturday').getByLabel('Closes')).toHaveValue('13:00');
  await expect(day('Monday').getByText('Closed')).toBeVisible();
  await expect(page.getByLabel('Time zone')).toHaveValue('Europe/Berlin');
  await expect(page.getByRole('banner')).toContainText('Riverside Physio & Rehab');

  // Offline, the device's copy shows (read only: a change needs the server).
  await desktop.goOffline();
  await page.reload();
  await expect(
    page.getByText('You are offline. Changing the clinic settings needs a connection'),
  ).toBeVisible();
  const hours = page.getByRole('table', { name: /Working hours/ });
  await expect(hours.getByRole('row', { name: /Saturday/ })).toContainText('09:00–13:00');
  await expect(hours.getByRole('row', { name: /Monday/ })).toContainText('Closed');
  await expect(page.getByRole('banner')).toContainText('Riverside Physio & Rehab');
});

test('an unknown address shows a page in the app shell with a way back', async ({ openDevice }) => {
  const desktop = await openDevice('desktop');
  await createClinic(desktop.page);

  await desktop.page.goto('/no-such-page');
  await expect(desktop.page.getByRole('heading', { name: 'Page not found' })).toBeVisible();
  await expect(syncStatus(desktop.page)).toBeVisible();
  await desktop.page.getByRole('link', { name: 'Go to patients' }).click();
  await expect(desktop.page.getByRole('link', { name: 'New patient' })).toBeVisible();
});

test('offline, the status says when the last sync was and why Sync now waits', async ({
  openDevice,
}) => {
  const tablet = await openDevice('tablet');
  await createClinic(tablet.page);
  await expect(syncStatus(tablet.page)).toContainText('Last sync just now');

  await tablet.goOffline();
  await expect(syncStatus(tablet.page)).toContainText(/Last sync at \d{1,2}:\d{2}/);
  const syncNow = syncStatus(tablet.page).getByRole('button', { name: 'Sync now' });
  await expect(syncNow).toBeDisabled();
  await expect(syncNow).toHaveAccessibleDescription('Syncs when back online.');

  await tablet.goOnline();
  await expect(syncNow).toBeEnabled();
});

test('the patient list sorts by name, seen or changed, and filters to drafts or unsynced changes', async ({
  openDevice,
}) => {
  const tablet = await openDevice('tablet');
  await createClinic(tablet.page);
  await addPatient(tablet.page, { given: 'Ann', family: 'Lee' });
  await addPatient(tablet.page, { given: 'Bo', family: 'Nguyen' });
  await expectSynced(tablet.page);
  const page = tablet.page;
  const patients = () => page.getByRole('list', { name: 'Patients' }).getByRole('link');

  // A draft for Nguyen, then an offline edit of Lee.
  await openPatient(page, 'Nguyen, Bo');
  await page.getByRole('button', { name: 'New record' }).click();
  await page
    .getByRole('dialog', { name: 'New record' })
    .getByRole('button', { name: /^SOAP note/ })
    .click();
  await page.getByLabel('Subjective').fill('Shoulder pain\nfor two weeks');
  await expect(page.getByText('Saved on this device').or(page.getByText('Synced'))).toBeVisible();
  await expectSynced(page);
  // The record's row shows what was written.
  await page.getByRole('link', { name: '← Nguyen, Bo' }).click();
  await expect(page.getByRole('list', { name: 'Records' })).toContainText('Shoulder pain');

  // A template picked for Lee and left without an answer leaves no empty draft behind.
  await openPatient(page, 'Lee, Ann');
  await page.getByRole('button', { name: 'New record' }).click();
  await page
    .getByRole('dialog', { name: 'New record' })
    .getByRole('button', { name: /^SOAP note/ })
    .click();
  await expect(page.getByLabel('Subjective')).toBeVisible();
  await page.getByRole('link', { name: '← Lee, Ann' }).click();
  await expect(page.getByRole('button', { name: 'Edit' })).toBeVisible();
  await expect(page.getByRole('list', { name: 'Records' })).toHaveCount(0);
  await expectSynced(page);
  await tablet.goOffline();
  await editPatient(page, 'Lee, Ann', { Phone: '555 0100' });
  await page.getByRole('link', { name: 'Patients', exact: true }).click();

  await expect(patients()).toHaveText([/^Lee, Ann/, /^Nguyen, Bo/]);
  await page.getByLabel('Sort', { exact: true }).selectOption('Recently seen');
  await expect(patients()).toHaveText([/^Nguyen, Bo/, /^Lee, Ann/]);
  await page.getByLabel('Sort', { exact: true }).selectOption('Recently changed');
  await expect(patients()).toHaveText([/^Lee, Ann/, /^Nguyen, Bo/]);

  await page.getByLabel('Show', { exact: true }).selectOption('Has drafts');
  await expect(patients()).toHaveText([/^Nguyen, Bo/]);
  await page.getByLabel('Show', { exact: true }).selectOption('Changed here, not yet synced');
  await expect(patients()).toHaveText([/^Lee, Ann/]);
  await tablet.goOnline();
  await expectSynced(page);
  await expect(page.getByRole('heading', { name: 'No patients here' })).toBeVisible();
});
