#!/usr/bin/env node
// `pnpm bench patient-list`: the patient list and search on a device holding 50,000 patients.
// Starts Bedside on PostgreSQL with the built web app, seeds a clinic of 50,000 realistic
// patients through the push API, signs in with Chromium (en-GB, so dates are DD/MM/YYYY) and
// waits for the first sync. Then times: search from the last keystroke to the result rows drawn
// over a mix of queries; offline cold start (reload) to the first patient row; scrolling the
// virtualised list; switching to the activity orders. Prints each figure beside its goal;
// asserts nothing.
import { percentile, summary, withBedsideAndChromium } from './browser-bench.mjs';
import { seedClinic, seededPatient } from './bench-seed.mjs';

const PATIENTS = Number(process.env.BENCH_PATIENTS ?? 50_000);
const SEARCH_RUNS = 10;
const COLD_RUNS = 10;
const ACCOUNT = { email: 'list-bench@clinic.test', password: 'correct horse battery' };
const LIST = 'ul[aria-label="Patients"]';

const ddmmyyyy = (iso) => iso.split('-').reverse().join('/');
const QUERIES = [
  ['broad "a"', 'a'],
  ['family name', 'nguyen'],
  ['no apostrophe', 'oconnell'],
  ['part of an identifier', String(Math.floor(PATIENTS * 0.2) + 22)],
  ['locale date', ddmmyyyy(seededPatient(Math.floor(PATIENTS * 0.25)).birthDate)],
  ['phone with spaces', seededPatient(Math.floor(PATIENTS * 0.47)).phone],
  ['no match', 'zzqx'],
];

await withBedsideAndChromium(
  async ({ baseUrl, browser }) => {
    let started = performance.now();
    await seedClinic(baseUrl, ACCOUNT, PATIENTS);
    console.log(
      `seeded ${PATIENTS} patients in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );

    const context = await browser.newContext({
      baseURL: baseUrl,
      viewport: { width: 1280, height: 800 },
      locale: 'en-GB',
    });
    const page = await context.newPage();
    started = performance.now();
    await signIn(page);
    // Signing in lands on Today; the list is one tap away.
    await page.getByRole('link', { name: 'Patients', exact: true }).click();
    await page.locator(`${LIST} a`).first().waitFor({ timeout: 120_000 });
    const firstRow = performance.now() - started;
    await page
      .locator('p.count', { hasText: `${PATIENTS.toLocaleString('en-GB')} patients` })
      .waitFor({ timeout: 600_000 });
    const synced = performance.now() - started;
    console.log(
      `first sign-in: first patient row after ${(firstRow / 1000).toFixed(1)} s, all ${PATIENTS} in the list after ${(synced / 1000).toFixed(1)} s (the sync's figure, not this bench's)`,
    );
    await page
      .getByRole('status', { name: 'Sync status' })
      .getByText('All changes synced')
      .waitFor({ timeout: 600_000 });
    console.log(`search index: ${await indexSize(page)}`);

    const all = [];
    const perQuery = [];
    for (const [label, query] of QUERIES) {
      const times = [];
      for (let run = 0; run < SEARCH_RUNS; run++) times.push(await timeSearch(page, query));
      all.push(...times);
      perQuery.push(
        `  ${label.padEnd(22)} "${query}": p50 ${percentile(times, 50).toFixed(0)} ms, ${await page.locator('p.count').textContent()}`,
      );
    }
    console.log(
      `search, keystroke to rows drawn, ${all.length} runs   ${summary(all)}   goal p95 <= 50 ms`,
    );
    for (const line of perQuery) console.log(line);
    await setQuery(page, '');

    const scroll = await timeScroll(page);
    console.log(
      `scroll the list of ${PATIENTS}: longest task ${scroll.longestTask}, frame interval p95 ${scroll.p95} ms, max ${scroll.max} ms   goal: no task over 50 ms`,
    );

    for (const [label, value] of [
      ['Recently seen', 'seen'],
      ['Recently changed', 'changed'],
    ]) {
      const ms = await timeSort(page, value);
      console.log(
        `order by "${label}" over ${PATIENTS}: ${ms.toFixed(0)} ms to rows drawn (reads every patient's key)`,
      );
      await timeSort(page, 'name');
    }

    await context.setOffline(true);
    const cold = [];
    for (let run = 0; run < COLD_RUNS; run++) cold.push(await timeColdStart(page));
    console.log(
      `offline cold start to first patient row (reload), ${COLD_RUNS} runs   ${summary(cold)}   goal p95 <= 300 ms`,
    );
    await context.close();
  },
  { postgres: true },
);

async function signIn(page) {
  await page.goto('/login');
  await page.getByLabel('Email').fill(ACCOUNT.email);
  await page.getByLabel('Password', { exact: true }).fill(ACCOUNT.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** How many search words the patients hold, and roughly what they take as index keys. */
function indexSize(page) {
  return page.evaluate(async () => {
    const [info] = (await indexedDB.databases()).filter(
      (db) => db.name?.startsWith('bedside-') && !db.name.includes('none'),
    );
    const database = await new Promise((resolve, reject) => {
      const request = indexedDB.open(info.name);
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    const rows = await new Promise((resolve) => {
      const request = database.transaction('patients').objectStore('patients').getAll();
      request.onsuccess = () => resolve(request.result);
    });
    database.close();
    let words = 0;
    let bytes = 0;
    for (const row of rows) {
      words += row.searchWords.length;
      // An index entry holds its key and the row's primary key (36-character id), UTF-16.
      for (const word of row.searchWords) bytes += 2 * (word.length + row.id.length);
    }
    return `${words} search words for ${rows.length} patients (${(words / rows.length).toFixed(1)} each), about ${(bytes / 2 ** 20).toFixed(1)} MiB of index keys`;
  });
}

async function setQuery(page, query) {
  await page.evaluate(
    ({ query, list }) =>
      new Promise((resolve) => {
        const input = document.querySelector('#patient-search');
        input.value = query;
        input.dispatchEvent(new Event('input', { bubbles: true }));
        const settled = () => {
          const count = document.querySelector('p.count')?.textContent ?? '';
          const busy = document.querySelector(list)?.getAttribute('aria-busy') === 'true';
          if ((query === '' || count.includes(`“${query}”`)) && !busy) resolve();
          else requestAnimationFrame(settled);
        };
        settled();
      }),
    { query, list: LIST },
  );
}

/** With all but the last character typed, the last keystroke until its rows are drawn. */
async function timeSearch(page, query) {
  await setQuery(page, query.slice(0, -1));
  return page.evaluate(
    ({ query, list }) =>
      new Promise((resolve) => {
        const input = document.querySelector('#patient-search');
        const start = performance.now();
        input.value = query;
        input.dispatchEvent(new Event('input', { bubbles: true }));
        const check = () => {
          const count = document.querySelector('p.count')?.textContent ?? '';
          const drawn = document.querySelector(list);
          const done = drawn
            ? drawn.getAttribute('aria-busy') === 'false' && count.includes(`“${query}”`)
            : document.body.textContent.includes(`No patients match “${query}”`);
          if (done) requestAnimationFrame(() => resolve(performance.now() - start));
          else setTimeout(check, 0);
        };
        check();
      }),
    { query, list: LIST },
  );
}

/** Scrolls the whole list in steps of a screen, then jumps; long tasks and frame gaps seen. */
function timeScroll(page) {
  return page.evaluate(
    () =>
      new Promise((resolve) => {
        const tasks = [];
        const observer = new PerformanceObserver((list) => {
          for (const entry of list.getEntries()) tasks.push(entry.duration);
        });
        observer.observe({ type: 'longtask', buffered: false });
        const gaps = [];
        let last = performance.now();
        let step = 0;
        const height = document.documentElement.scrollHeight;
        const frame = () => {
          const now = performance.now();
          gaps.push(now - last);
          last = now;
          step++;
          if (step < 240) window.scrollBy(0, window.innerHeight * 0.5);
          else if (step < 260) window.scrollTo(0, Math.random() * height);
          else {
            observer.disconnect();
            window.scrollTo(0, 0);
            const sorted = gaps.slice(1).sort((a, b) => a - b);
            resolve({
              longestTask: tasks.length
                ? `${Math.max(...tasks).toFixed(0)} ms (${tasks.length} over 50 ms)`
                : 'none over 50 ms',
              p95: sorted[Math.floor(sorted.length * 0.95)].toFixed(0),
              max: sorted.at(-1).toFixed(0),
            });
            return;
          }
          requestAnimationFrame(frame);
        };
        requestAnimationFrame(frame);
      }),
  );
}

/** Picks an order and waits until the list drawn is in that order (no longer busy). */
function timeSort(page, value) {
  return page.evaluate(
    ({ value, list }) =>
      new Promise((resolve) => {
        const select = document.querySelector('#patient-sort');
        const start = performance.now();
        let seenBusy = false;
        select.value = value;
        select.dispatchEvent(new Event('change', { bubbles: true }));
        const check = () => {
          const busy = document.querySelector(list)?.getAttribute('aria-busy') === 'true';
          seenBusy ||= busy;
          if (seenBusy && !busy) requestAnimationFrame(() => resolve(performance.now() - start));
          else setTimeout(check, 0);
        };
        check();
      }),
    { value, list: LIST },
  );
}

/** Reloads the list offline; from navigation start until the first patient row is in the page. */
async function timeColdStart(page) {
  await page.reload({ waitUntil: 'commit' });
  const handle = await page.waitForFunction(
    (list) => (document.querySelector(`${list} a`) ? performance.now() : null),
    LIST,
    { polling: 'raf', timeout: 60_000 },
  );
  return handle.jsonValue();
}
