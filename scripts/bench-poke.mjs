#!/usr/bin/env node
// `pnpm bench poke`: how long a saved edit takes to reach the other device's screen. Starts the
// real sync server on PostgreSQL with the built web app and two Chromium contexts (two devices)
// signed in to the same clinic. Device A edits a patient's identifier through the form and
// saves; the time runs from the click on Save (as A's page receives it) until device B's page
// shows the new identifier (a MutationObserver in B's page). 30 runs each:
//   (a) as is (Chromium has Background Sync: the service worker pushes too),
//   (b) with Background Sync taken away (as on Safari and Firefox: the page's loop pushes),
//   (c) device B showing the patient list of a 50,000-patient clinic (B's first row is edited).
// Prints figures; asserts nothing.
import {
  percentile,
  signInAndSync,
  storedOnDevice,
  summary,
  withBedsideAndChromium,
} from './browser-bench.mjs';
import { seedClinic } from './bench-seed.mjs';

const RUNS = Number(process.env.BENCH_RUNS ?? 30);
const BIG_CLINIC = Number(process.env.BENCH_PATIENTS ?? 50_000);
const GOAL_P95_MS = 150;
const STEP_TIMEOUT_MS = 60_000;
/** Which of (a), (b), (c) to run: BENCH_POKE=c runs the 50,000-patient one alone. */
const ONLY = process.env.BENCH_POKE ?? 'abc';

/** Before any script of the app: no Background Sync, as on browsers that lack it. */
function withoutBackgroundSync() {
  delete window.SyncManager;
  if (typeof ServiceWorkerRegistration !== 'undefined')
    delete ServiceWorkerRegistration.prototype.sync;
}

async function openDevice(browser, baseUrl, account, { backgroundSync }) {
  const context = await browser.newContext({
    baseURL: baseUrl,
    viewport: { width: 1024, height: 768 },
  });
  if (!backgroundSync) await context.addInitScript(withoutBackgroundSync);
  // A step that cannot happen fails the bench with a message rather than waiting for ever.
  context.setDefaultTimeout(STEP_TIMEOUT_MS);
  const page = await context.newPage();
  await signInAndSync(page, account);
  return { context, page };
}

async function untilStored(page, patients) {
  const deadline = Date.now() + 5 * STEP_TIMEOUT_MS;
  while ((await page.evaluate(storedOnDevice)).patients < patients) {
    if (Date.now() > deadline) throw new Error(`${patients} patients did not reach the device.`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/**
 * In B's page: resolves with the wall-clock time at which `text` first shows in the page;
 * rejects after `timeout` ms.
 */
function whenShown([text, timeout]) {
  return new Promise((resolve, reject) => {
    setTimeout(() => reject(new Error(`"${text}" did not show within ${timeout} ms`)), timeout);
    const check = () => {
      if (!document.body.innerText.includes(text)) return false;
      resolve(Date.now());
      return true;
    };
    if (check()) return;
    const observer = new MutationObserver(() => {
      if (check()) observer.disconnect();
    });
    observer.observe(document.body, { childList: true, subtree: true, characterData: true });
  });
}

/** A edits the patient's identifier and saves; ms until B shows it. */
async function timeOneEdit(a, b, patientId, identifier) {
  await a.page.goto(`/patients/${patientId}`);
  await a.page.getByRole('button', { name: 'Edit' }).click();
  await a.page.getByLabel('Identifier').fill(identifier);
  const shown = b.page.evaluate(whenShown, [identifier, STEP_TIMEOUT_MS]);
  // Let B's observer attach before the save.
  await b.page.evaluate(() => undefined);
  await a.page.evaluate(whenSaveClicked);
  await a.page.getByRole('button', { name: 'Save' }).click();
  const at = await shown;
  // A's form closes once saved: the next run starts from a settled page.
  await a.page.getByRole('button', { name: 'Edit' }).waitFor();
  return at - (await a.page.evaluate(() => window.__saveClickedAt));
}

/**
 * In A's page: notes the wall-clock time of the click on Save as the page receives it, so the
 * figure starts where the user's click does, not where the test tool began to move the mouse.
 */
function whenSaveClicked() {
  window.__saveClickedAt = undefined;
  const onClick = (event) => {
    if (event.target.closest('button')?.textContent?.trim() !== 'Save') return;
    window.__saveClickedAt = Date.now();
    document.removeEventListener('click', onClick, true);
  };
  document.addEventListener('click', onClick, true);
}

async function scenario(label, { baseUrl, browser }, { patients, backgroundSync, onList }) {
  const account = {
    email: `poke-${label.slice(1, 2)}@clinic.test`,
    password: 'correct horse battery',
  };
  await seedClinic(baseUrl, account, patients);
  const a = await openDevice(browser, baseUrl, account, { backgroundSync });
  const b = await openDevice(browser, baseUrl, account, { backgroundSync });
  // "All changes synced" can show before the first pull has begun: the list's first row is
  // only settled once the whole clinic is on both devices.
  await Promise.all([untilStored(a.page, patients), untilStored(b.page, patients)]);
  let patientId;
  if (onList) {
    // B shows the list; the patient edited is its first row, so the change is on B's screen.
    await b.page.goto('/');
    const first = b.page.locator('a.list-row-link').first();
    await first.waitFor({ timeout: 120_000 });
    patientId = (await first.getAttribute('href')).split('/').pop();
  } else {
    await a.page.goto('/');
    patientId = (await a.page.locator('a.list-row-link').first().getAttribute('href'))
      .split('/')
      .pop();
    await b.page.goto(`/patients/${patientId}`);
  }
  await b.page
    .getByText(/MRN-|No identifier/)
    .first()
    .waitFor({ timeout: 120_000 });

  const times = [];
  for (let run = 0; run < RUNS; run++)
    times.push(
      await timeOneEdit(a, b, patientId, `POKE-${label.slice(1, 2)}-${run}-${Date.now()}`),
    );
  const p95 = percentile(times, 95);
  console.log(
    `${label.padEnd(58)} ${summary(times)}  goal p95 <= ${GOAL_P95_MS} ms ${p95 <= GOAL_P95_MS ? '(met)' : '(not met)'}`,
  );
  await a.context.close();
  await b.context.close();
}

await withBedsideAndChromium(
  async (bedside) => {
    console.log(`saved edit on device A → shown on device B, ${RUNS} runs each`);
    if (ONLY.includes('a'))
      await scenario('(a) B on the patient page, Background Sync', bedside, {
        patients: 20,
        backgroundSync: true,
      });
    if (ONLY.includes('b'))
      await scenario('(b) B on the patient page, no Background Sync', bedside, {
        patients: 20,
        backgroundSync: false,
      });
    if (ONLY.includes('c'))
      await scenario(`(c) B on the list of ${BIG_CLINIC} patients, Background Sync`, bedside, {
        patients: BIG_CLINIC,
        backgroundSync: true,
        onList: true,
      });
  },
  { postgres: true },
);
