#!/usr/bin/env node
// `pnpm bench calendar`: how long the calendar's week view takes to draw a week of 500
// appointments already on the device. Starts the real sync server (PGlite in a temporary
// DATA_DIR) with the built web app, writes a clinic, 100 patients and 500 appointments in one
// week through the push API as a device would, signs in with Chromium, waits for the first sync,
// then 20 times goes to the empty week after and back, timing from the click on "Previous week"
// until all 500 appointments are in the page and painted. Prints figures; asserts nothing.
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { tsImport } from 'tsx/esm/api';
import { apiCall, seedClinic } from './bench-seed.mjs';
import { signInAndSync, summary, withBedsideAndChromium, percentile } from './browser-bench.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { uuidv7 } = createRequire(path.join(root, 'sync-server', 'package.json'))('uuidv7');
const { SCHEMA_VERSION } = await tsImport('../shared/src/sync-protocol.ts', import.meta.url);

const APPOINTMENTS = 500;
const PATIENTS = 100;
const RUNS = 20;
const GOAL_MS = 100;
/** A Monday: the seeded week (clinic time, Europe/London, no change of the clocks in it). */
const WEEK = '2026-03-02';
const ACCOUNT = { email: 'bench@clinic.test', password: 'correct horse battery' };

await withBedsideAndChromium(async ({ baseUrl, browser }) => {
  await seedWeek(baseUrl);
  const page = await browser.newPage({ baseURL: baseUrl, viewport: { width: 1280, height: 800 } });
  await signInAndSync(page, ACCOUNT);
  await page.goto(`/calendar?view=week&date=${WEEK}`);
  await page.waitForFunction(
    (count) => document.querySelectorAll('.ec-event .event-name').length >= count,
    APPOINTMENTS,
    { timeout: 60_000 },
  );

  // Once before timing: the route's code and the rows are warm.
  await timeBackToTheWeek(page);
  const times = [];
  for (let run = 0; run < RUNS; run++) times.push(await timeBackToTheWeek(page));

  console.log(`calendar week view, ${APPOINTMENTS} appointments on the device, ${RUNS} runs`);
  console.log(`week drawn after "Previous week"   ${summary(times)}`);
  const p95 = percentile(times, 95);
  console.log(
    `goal: p95 ≤ ${GOAL_MS} ms → ${p95 <= GOAL_MS ? 'met' : 'not met'} (${p95.toFixed(0)} ms)`,
  );
});

/** To the empty week after, then back: ms from the click until every appointment is painted. */
async function timeBackToTheWeek(page) {
  await page.getByRole('button', { name: 'Next week' }).click();
  await page.waitForFunction(() => document.querySelectorAll('.ec-event .event-name').length === 0);
  return page.evaluate((count) => {
    const button = [...document.querySelectorAll('button')].find(
      (candidate) => candidate.getAttribute('aria-label') === 'Previous week',
    );
    const start = performance.now();
    const done = new Promise((resolve) => {
      const check = () => document.querySelectorAll('.ec-event .event-name').length >= count;
      const observer = new MutationObserver(() => {
        if (!check()) return;
        observer.disconnect();
        requestAnimationFrame(() => resolve(performance.now() - start));
      });
      observer.observe(document.body, { childList: true, subtree: true });
    });
    button?.click();
    return done;
  }, APPOINTMENTS);
}

/**
 * A clinic with PATIENTS patients and APPOINTMENTS appointments spread over WEEK, Monday to
 * Sunday, 08:00 to 18:00 in 30-minute slots (several at once, as a busy clinic's week view has),
 * of the clinic's built-in types in turn.
 */
async function seedWeek(url) {
  const { cookie, ids: patientIds } = await seedClinic(url, ACCOUNT, PATIENTS, {
    timezone: 'Europe/London',
  });
  const me = await (await apiCall(url, 'GET', '/api/auth/me', undefined, cookie)).json();
  const pulled = await (await apiCall(url, 'GET', '/api/sync/pull', undefined, cookie)).json();
  const typeIds = (pulled.changes.appointmentTypes ?? []).map((type) => type.id);
  const mutations = [];
  for (let index = 0; index < APPOINTMENTS; index++) {
    const day = index % 7;
    const slot = Math.floor(index / 7) % 20;
    // London is on GMT in early March: the wall time is the UTC time.
    const start = new Date(`${WEEK}T08:00:00.000Z`);
    start.setUTCDate(start.getUTCDate() + day);
    start.setUTCMinutes(slot * 30);
    const end = new Date(start.getTime() + 30 * 60_000);
    mutations.push({
      id: uuidv7(),
      seq: index + 1,
      name: 'appointment.create',
      args: {
        id: uuidv7(),
        patientId: patientIds[index % patientIds.length],
        clinicianId: me.user.id,
        typeId: typeIds.length > 0 ? typeIds[index % typeIds.length] : null,
        startsAt: start.toISOString(),
        endsAt: end.toISOString(),
      },
    });
  }
  const push = await apiCall(
    url,
    'POST',
    '/api/sync/push',
    { clientId: uuidv7(), schemaVersion: SCHEMA_VERSION, mutations },
    cookie,
  );
  const { results } = await push.json();
  const refused = results.filter((result) => result.status === 'rejected');
  if (refused.length > 0)
    throw new Error(
      `the server refused ${refused.length} appointments: ${refused[0].problem.title}`,
    );
}
