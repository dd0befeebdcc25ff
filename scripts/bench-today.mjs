#!/usr/bin/env node
// `pnpm bench today`: opening Today on a device holding a clinic of 50,000 patients and 20,000
// appointments over a year. Starts Bedside on PostgreSQL with the built web app, seeds the
// patients (bench-seed.mjs) and the appointments through the push API (500 a batch), 12 of
// them today for the signed-in user, signs in with Chromium and waits for the first sync. Then
// times 20 in-app navigations to /today, from the click until its rows are drawn. Prints p50/p95
// beside the goal; asserts nothing.
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { tsImport } from 'tsx/esm/api';
import { apiCall, seedClinic } from './bench-seed.mjs';
import { signInAndSync, summary, withBedsideAndChromium } from './browser-bench.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { uuidv7 } = createRequire(path.join(root, 'sync-server', 'package.json'))('uuidv7');
const { SCHEMA_VERSION } = await tsImport('../shared/src/sync-protocol.ts', import.meta.url);

const PATIENTS = Number(process.env.BENCH_PATIENTS ?? 50_000);
const APPOINTMENTS = Number(process.env.BENCH_APPOINTMENTS ?? 20_000);
const TODAY = 12;
const RUNS = 20;
const BATCH = 500;
const ZONE = 'Europe/London';
const ACCOUNT = { email: 'today-bench@clinic.test', password: 'correct horse battery' };

await withBedsideAndChromium(
  async ({ baseUrl, browser }) => {
    const started = performance.now();
    const { cookie, ids } = await seedClinic(baseUrl, ACCOUNT, PATIENTS, { timezone: ZONE });
    const me = await (await apiCall(baseUrl, 'GET', '/api/auth/me', undefined, cookie)).json();
    await seedAppointments(baseUrl, cookie, me.user.id, ids);
    console.log(
      `seeded ${PATIENTS} patients and ${APPOINTMENTS} appointments in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );

    const context = await browser.newContext({
      baseURL: baseUrl,
      viewport: { width: 1280, height: 800 },
    });
    const page = await context.newPage();
    await signInAndSync(page, ACCOUNT);
    await page.goto('/');
    await page
      .getByRole('status', { name: 'Sync status' })
      .getByText('All changes synced')
      .waitFor({ timeout: 600_000 });

    // Once before timing: Today's code is loaded and the rows are in IndexedDB.
    await timeOpeningToday(page);
    const times = [];
    for (let run = 0; run < RUNS; run++) times.push(await timeOpeningToday(page));
    console.log(
      `open Today, click to ${TODAY} rows drawn, ${RUNS} runs   ${summary(times)}   goal p95 <= 100 ms`,
    );
  },
  { postgres: true },
);

/** From the patient list: a click on a link to /today until my day's rows are drawn. */
async function timeOpeningToday(page) {
  await page.getByRole('link', { name: 'Patients', exact: true }).click();
  await page.getByRole('link', { name: 'New patient' }).waitFor();
  return page.evaluate((count) => {
    const link = document.createElement('a');
    link.href = '/today';
    link.textContent = 'Today';
    document.querySelector('main')?.append(link);
    const start = performance.now();
    const done = new Promise((resolve) => {
      const observer = new MutationObserver(() => {
        if (document.querySelectorAll('[data-appointment-row]').length < count) return;
        observer.disconnect();
        requestAnimationFrame(() => resolve(performance.now() - start));
      });
      observer.observe(document.body, { childList: true, subtree: true });
    });
    link.click();
    return done;
  }, TODAY);
}

/**
 * APPOINTMENTS appointments of the user, a year around today: TODAY of them today between 09:00
 * and 14:30 on the clinic's clock, the rest spread over the other days, each with a patient.
 */
async function seedAppointments(baseUrl, cookie, clinicianId, patientIds) {
  const today = clinicDate(new Date());
  const offsetMs = zoneOffsetMs(new Date(`${today}T12:00:00Z`));
  const local = (date, minutes) =>
    new Date(Date.parse(`${date}T00:00:00Z`) + minutes * 60_000 - offsetMs).toISOString();
  const slots = [];
  for (let index = 0; index < TODAY; index++) slots.push(local(today, 9 * 60 + index * 30));
  const others = APPOINTMENTS - TODAY;
  for (let index = 0; index < others; index++) {
    let day = Math.floor((index * 364) / others) - 182;
    if (day >= 0) day++;
    const date = new Date(Date.parse(`${today}T12:00:00Z`) + day * 86_400_000)
      .toISOString()
      .slice(0, 10);
    slots.push(local(date, 8 * 60 + (index % 18) * 30));
  }
  const clientId = uuidv7();
  for (let start = 0; start < slots.length; start += BATCH) {
    const mutations = slots.slice(start, start + BATCH).map((startsAt, offset) => ({
      id: uuidv7(),
      seq: start + offset + 1,
      name: 'appointment.create',
      args: {
        id: uuidv7(),
        patientId: patientIds[(start + offset) % patientIds.length],
        clinicianId,
        startsAt,
        endsAt: new Date(Date.parse(startsAt) + 30 * 60_000).toISOString(),
        reason: 'Review',
      },
    }));
    const push = await apiCall(
      baseUrl,
      'POST',
      '/api/sync/push',
      { clientId, schemaVersion: SCHEMA_VERSION, mutations },
      cookie,
    );
    const { results } = await push.json();
    const refused = results.filter((result) => result.status === 'rejected');
    if (refused.length > 0)
      throw new Error(
        `the server refused ${refused.length} appointments: ${refused[0].problem.title}`,
      );
  }
}

/** The clinic's date of an instant, YYYY-MM-DD. */
function clinicDate(instant) {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone: ZONE,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(instant);
}

/** How far the clinic's clock is ahead of UTC at an instant. */
function zoneOffsetMs(instant) {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', {
      timeZone: ZONE,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
    })
      .formatToParts(instant)
      .map((part) => [part.type, part.value]),
  );
  const wall = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute);
  return wall - Math.floor(instant.getTime() / 60_000) * 60_000;
}
