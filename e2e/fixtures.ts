import {
  test as base,
  expect,
  type BrowserContext,
  type Page,
  type Request,
} from '@playwright/test';
import { openNetworkGate, type NetworkGate } from './network-gate.ts';

/** One simulated device: its own browser context (own IndexedDB, cookies) and its own network. */
export type Device = {
  context: BrowserContext;
  page: Page;
  gate: NetworkGate;
  /** Cuts the device off the network: the page, its service worker and open streams. */
  goOffline(): Promise<void>;
  goOnline(): Promise<void>;
  /**
   * Console errors this test expects on this device (a 500 it provoked, an offline request it
   * made on purpose). Any other console error or uncaught page error fails the test.
   */
  allowConsoleErrors(pattern: RegExp): void;
};

type Fixtures = { openDevice: (name: string) => Promise<Device> };

export const test = base.extend<Fixtures>({
  openDevice: async ({ browser }, use) => {
    const devices: Device[] = [];
    const consoleChecks: (() => void)[] = [];
    await use(async (name) => {
      const server = process.env.BEDSIDE_URL;
      if (!server) throw new Error('BEDSIDE_URL is not set: run through playwright.config.ts');
      const gate = await openNetworkGate(server);
      const context = await browser.newContext({
        baseURL: gate.url,
        viewport: name.includes('phone')
          ? { width: 390, height: 844 }
          : { width: 1024, height: 768 },
        // A phone has a touch screen (a coarse pointer), as the app's layout choices assume.
        hasTouch: name.includes('phone'),
      });
      const allowed: RegExp[] = [];
      const logged: { text: string; url: string }[] = [];
      // A request that started while the device was online and is still going (an event
      // stream) or fails once the network goes was cut mid-flight, and the browser logs that,
      // as it would on a real device: one such line each is expected. A request started while
      // offline (a retry storm) is not.
      let networkGone = false;
      let offline = false;
      const startedOnline = new WeakSet<Request>();
      const inFlight = new Set<Request>();
      const cut: string[] = [];
      context.on('request', (request) => {
        inFlight.add(request);
        if (!offline) startedOnline.add(request);
      });
      context.on('requestfinished', (request) => inFlight.delete(request));
      context.on('requestfailed', (request) => {
        inFlight.delete(request);
        if (networkGone && startedOnline.has(request)) cut.push(request.url());
      });
      const cutOff = () => {
        for (const request of inFlight) if (startedOnline.has(request)) cut.push(request.url());
      };
      context.on('console', (message) => {
        if (message.type() === 'error')
          logged.push({ text: message.text(), url: message.location().url });
      });
      context.on('weberror', (error) =>
        logged.push({ text: `uncaught: ${error.error().message}`, url: '' }),
      );
      // Judged at the end: a failed request's console line and its 'requestfailed' event
      // arrive in either order.
      consoleChecks.push(() => {
        const unexpected = logged
          .filter(({ text, url }) => {
            const cutAt = text.startsWith('Failed to load resource: net::') ? cut.indexOf(url) : -1;
            if (cutAt >= 0) cut.splice(cutAt, 1);
            return cutAt < 0 && !allowed.some((pattern) => pattern.test(`${text} (${url})`));
          })
          .map(({ text, url }) => `${text} (${url})`);
        expect(unexpected, `unexpected console errors on ${name}`).toEqual([]);
      });
      const page = await context.newPage();
      const device: Device = {
        context,
        page,
        gate,
        async goOffline() {
          // As on a real device that installed the app: its service worker has cached the app
          // shell before the network goes away, so every page still opens.
          await page.evaluate(async () => {
            if (await navigator.serviceWorker?.getRegistration())
              await navigator.serviceWorker.ready;
          });
          // The browser learns first (as a device's network adapter tells it), so the app
          // closes its event stream itself rather than have it cut mid-answer.
          networkGone = true;
          cutOff();
          await context.setOffline(true);
          gate.goOffline();
          offline = true;
        },
        async goOnline() {
          gate.goOnline();
          await context.setOffline(false);
          offline = false;
          networkGone = false;
        },
        allowConsoleErrors(pattern) {
          allowed.push(pattern);
        },
      };
      devices.push(device);
      return device;
    });
    for (const device of devices) {
      await device.context.close();
      await device.gate.close();
    }
    for (const check of consoleChecks) check();
  },
});

export { expect };

let clinicCounter = 0;

/** A new clinic (so tests never share data) with its owner signed in on `page`. */
export async function createClinic(page: Page): Promise<{ email: string; password: string }> {
  const email = `owner-${Date.now()}-${++clinicCounter}@clinic.test`;
  const password = 'correct horse battery';
  await page.goto('/signup');
  await page.getByLabel('Clinic name').fill('Riverside Physio');
  await page.getByLabel('Your name').fill('Ana Owner');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Create clinic' }).click();
  await onThePatientList(page);
  return { email, password };
}

/** Signing in lands on Today; most tests go on from the patient list. */
async function onThePatientList(page: Page) {
  await expect(page.getByRole('heading', { name: 'Today', level: 1 })).toBeVisible();
  await page.getByRole('link', { name: 'Patients', exact: true }).click();
  await expect(page.getByRole('link', { name: 'New patient' })).toBeVisible();
}

export async function signIn(page: Page, account: { email: string; password: string }) {
  await page.goto('/login');
  await page.getByLabel('Email').fill(account.email);
  await page.getByLabel('Password', { exact: true }).fill(account.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await onThePatientList(page);
}

/**
 * Signs out through the account menu, keeping or erasing the device's copy; erasing unsent work
 * is not confirmed here (a test of that says so itself).
 */
export async function signOut(page: Page, { keep }: { keep: boolean }) {
  await page.getByRole('button', { name: /^Account:/ }).click();
  await page.getByRole('button', { name: 'Sign out' }).click();
  const dialog = page.getByRole('dialog', { name: 'Sign out of this device' });
  await dialog
    .getByRole('button', { name: keep ? 'Keep the copy and sign out' : "Erase this device's copy" })
    .click();
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
}

export function syncStatus(page: Page) {
  return page.getByRole('status', { name: 'Sync status' });
}

/** Waits until the device has pushed everything and seen the server. */
export async function expectSynced(page: Page) {
  await expect(syncStatus(page)).toContainText('All changes synced');
  await expect(syncStatus(page)).toContainText('Online');
}

export async function addPatient(
  page: Page,
  fields: { given: string; family: string; identifier?: string; phone?: string },
) {
  await page.getByRole('link', { name: 'Patients', exact: true }).click();
  await page.getByRole('link', { name: 'New patient' }).click();
  await page.getByLabel('Given name').fill(fields.given);
  await page.getByLabel('Family name').fill(fields.family);
  if (fields.identifier) await page.getByLabel('Identifier').fill(fields.identifier);
  if (fields.phone) await page.getByLabel('Phone').fill(fields.phone);
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('button', { name: 'Edit' })).toBeVisible();
}

/** Opens a screen of the Settings area ("Templates", "Clinic"…) through the main navigation. */
export async function openSettings(page: Page, screen: string) {
  await mainNavigation(page).getByRole('link', { name: 'Settings', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible();
  await page.getByRole('link', { name: screen, exact: true }).click();
}

/** The bottom tab bar of a phone, the side rail of a tablet or desktop. */
export function mainNavigation(page: Page) {
  return page.getByRole('navigation', { name: 'Main' });
}

export async function openPatient(page: Page, name: string) {
  await page.getByRole('link', { name: 'Patients', exact: true }).click();
  await page.getByRole('link', { name }).click();
  await expect(page.getByRole('button', { name: 'Edit' })).toBeVisible();
}

export async function editPatient(page: Page, name: string, changes: Record<string, string>) {
  await openPatient(page, name);
  await page.getByRole('button', { name: 'Edit' }).click();
  for (const [label, value] of Object.entries(changes)) await page.getByLabel(label).fill(value);
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('button', { name: 'Edit' })).toBeVisible();
}

/**
 * Ends the device's session on the server, as an expiry or a sign-out elsewhere would: the
 * browser keeps its cookie, but the server no longer knows it.
 */
export async function endSessionOnServer(device: Device): Promise<void> {
  const server = process.env.BEDSIDE_URL;
  if (!server) throw new Error('BEDSIDE_URL is not set: run through playwright.config.ts');
  const cookie = (await device.context.cookies(device.gate.url)).find(
    (candidate) => candidate.name === 'bedside_session',
  );
  if (!cookie) throw new Error('the device holds no session cookie');
  const headers = { cookie: `${cookie.name}=${cookie.value}`, origin: server };
  const logout = await fetch(`${server}/api/auth/logout`, { method: 'POST', headers });
  expect(logout.status).toBe(204);
  const me = await fetch(`${server}/api/auth/me`, { headers });
  expect(me.status).toBe(401);
}
