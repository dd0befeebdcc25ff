#!/usr/bin/env node
// `pnpm bench open-patient`: how long a patient with 200 records takes to open when the records
// are already on the device. Starts the real sync server (PGlite in a temporary DATA_DIR) with
// the built web app, writes a clinic, one patient and 200 records through the push API as a
// device would, signs in with Chromium, waits for the first sync, then times ~10 openings of the
// patient page until its 200th record row is in the page. Prints figures; asserts nothing.
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { tsImport } from 'tsx/esm/api';
import { apiCall } from './bench-seed.mjs';
import { signInAndSync, summary, withBedsideAndChromium } from './browser-bench.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { uuidv7 } = createRequire(path.join(root, 'sync-server', 'package.json'))('uuidv7');
const { SCHEMA_VERSION } = await tsImport('../shared/src/sync-protocol.ts', import.meta.url);

const RECORDS = 200;
const RUNS = 10;
const ACCOUNT = { email: 'bench@clinic.test', password: 'correct horse battery' };

/** Set once Bedside is up; `api` below sends to it. */
let baseUrl = '';
await withBedsideAndChromium(async (bedside) => {
  baseUrl = bedside.baseUrl;
  const patientId = await seedPatientWithRecords();
  const page = await bedside.browser.newPage({
    baseURL: baseUrl,
    viewport: { width: 1024, height: 768 },
  });
  await signInAndSync(page, ACCOUNT);
  await page.getByRole('link', { name: 'Bench, Patient' }).waitFor({ timeout: 60_000 });
  const patientPath = `/patients/${patientId}`;

  // Once before timing: the records reach IndexedDB and the page's code is loaded.
  await timeInAppOpening(page, patientPath);
  const inApp = [];
  for (let run = 0; run < RUNS; run++) inApp.push(await timeInAppOpening(page, patientPath));
  const reload = [];
  for (let run = 0; run < RUNS; run++) reload.push(await timeFullLoad(page, patientPath));
  const heap = await usedHeap(page);

  console.log(`patient with ${RECORDS} records, warm (records already in IndexedDB), ${RUNS} runs`);
  console.log(`open from the patient list   ${summary(inApp)}`);
  console.log(`full page load of the page   ${summary(reload)}`);
  console.log(`JS heap used, page open      ${(heap / 2 ** 20).toFixed(1)} MiB (after GC)`);
});

/** From a click on the patient in the list until the 200th row is in the page and painted. */
async function timeInAppOpening(page, patientPath) {
  await page.getByRole('link', { name: 'Patients', exact: true }).click();
  await page.locator(`a[href="${patientPath}"]`).waitFor();
  return page.evaluate(
    ({ href, count }) => {
      const start = performance.now();
      const done = new Promise((resolve) => {
        const observer = new MutationObserver(() => {
          if (document.querySelectorAll('[data-record-row]').length < count) return;
          observer.disconnect();
          requestAnimationFrame(() => resolve(performance.now() - start));
        });
        observer.observe(document.body, { childList: true, subtree: true });
      });
      document.querySelector(`a[href="${href}"]`)?.click();
      return done;
    },
    { href: patientPath, count: RECORDS },
  );
}

/** From the start of a full navigation to the patient's URL until the 200th row is in the page. */
async function timeFullLoad(page, patientPath) {
  await page.goto(patientPath);
  const handle = await page.waitForFunction(
    (count) =>
      document.querySelectorAll('[data-record-row]').length >= count ? performance.now() : null,
    RECORDS,
    { polling: 'raf', timeout: 60_000 },
  );
  return handle.jsonValue();
}

async function usedHeap(page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = await cdp.send('Runtime.getHeapUsage');
  return usedSize;
}

/** A clinic, one patient and RECORDS records (SOAP notes and vital signs, alternating). */
async function seedPatientWithRecords() {
  const signup = await api('POST', '/api/clinics', {
    clinicName: 'Bench Clinic',
    timezone: 'Europe/London',
    name: 'Bea Bench',
    ...ACCOUNT,
  });
  const cookie = signup.headers
    .getSetCookie()
    .map((line) => line.split(';')[0])
    .join('; ');
  const pulled = await (await api('GET', '/api/sync/pull', undefined, cookie)).json();
  const templates = pulled.changes.templates ?? [];
  const versionOf = (key) => {
    const template = templates.find((candidate) => candidate.builtIn === key);
    if (!template) throw new Error(`the server seeded no built-in "${key}" template`);
    return template.currentVersionId;
  };
  const soap = versionOf('soap');
  const vitals = versionOf('vitals');

  const patientId = uuidv7();
  const mutations = [
    {
      name: 'patient.create',
      args: { id: patientId, givenName: 'Patient', familyName: 'Bench' },
    },
  ];
  for (let index = 0; index < RECORDS; index++) {
    const args =
      index % 2 === 0
        ? {
            templateVersionId: soap,
            data: {
              subjective: `Visit ${index + 1}: knee pain on stairs, better with rest.`,
              objective: 'Mild effusion, full range of motion, no instability.',
              assessment: 'Patellofemoral pain, improving.',
              plan: 'Continue quadriceps programme; review in two weeks.',
            },
          }
        : {
            templateVersionId: vitals,
            data: {
              vitals: {
                bpSystolic: 118 + (index % 9),
                bpDiastolic: 76,
                heartRate: 64 + (index % 11),
              },
              notes: 'Seated, after five minutes of rest.',
            },
          };
    mutations.push({ name: 'record.create', args: { id: uuidv7(), patientId, ...args } });
  }
  const push = await api(
    'POST',
    '/api/sync/push',
    {
      clientId: uuidv7(),
      schemaVersion: SCHEMA_VERSION,
      mutations: mutations.map((mutation, index) => ({
        id: uuidv7(),
        seq: index + 1,
        ...mutation,
      })),
    },
    cookie,
  );
  const { results } = await push.json();
  const refused = results.filter((result) => result.status === 'rejected');
  if (refused.length > 0)
    throw new Error(`the server refused ${refused.length} mutations: ${refused[0].problem.title}`);
  return patientId;
}

function api(method, urlPath, body, cookie) {
  return apiCall(baseUrl, method, urlPath, body, cookie);
}
