#!/usr/bin/env node
// `pnpm bench lighthouse`: Lighthouse 12 (mobile and desktop presets) on a first visit to the
// sign-in page, the patient list and a patient page of the built app served by the real server
// (PGlite), with a clinic of 1,000 patients. Prints performance, accessibility, best practices,
// LCP and TBT per page and preset beside the goal, and what keeps a score from 1.00. Asserts
// nothing.
//
// "First visit" is Lighthouse's default reset before each run: no service worker, no Cache
// Storage and an empty HTTP cache. The signed-in pages keep the cookie and the device's record
// of the session (as a sign-in leaves them) but not the clinic's data, so each run opens the
// app as the first page after signing in does, first sync included.
// `LIGHTHOUSE_PAGES=sign-in,list` or `LIGHTHOUSE_PRESETS=mobile` narrow the runs;
// `LIGHTHOUSE_REPORTS=<folder>` keeps each run's full report there (<page>-<preset>.json);
// `LIGHTHOUSE_SYNCED=1` keeps the clinic's data on the device between runs (a later visit's
// load without the first sync, to tell the cost of that sync from the rest).
import { existsSync, mkdirSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from '@playwright/test';
import lighthouse from 'lighthouse';
import desktopConfig from 'lighthouse/core/config/desktop-config.js';
import { seedClinic } from './bench-seed.mjs';
import { CHROMIUM_ARGS, withBedsideAndChromium } from './browser-bench.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const lighthouseDir = realpathSync(path.join(root, 'node_modules', 'lighthouse'));
const { launch } = createRequire(path.join(lighthouseDir, 'package.json'))('chrome-launcher');

const PATIENTS = 1_000;
const ACCOUNT = { email: 'bench@clinic.test', password: 'correct horse battery' };
/** The flags browser-bench.mjs gives Playwright's Chromium, run headless for Lighthouse. */
const CHROME_FLAGS = ['--headless=new', ...CHROMIUM_ARGS];
const CATEGORIES = ['performance', 'accessibility', 'best-practices'];
const GOALS = {
  mobile: { performance: 0.9, accessibility: 1, 'best-practices': 1 },
  desktop: { performance: 0.98, accessibility: 1, 'best-practices': 1 },
};
const PRESETS = {
  mobile: undefined,
  desktop: desktopConfig,
};

const pageNames = listFromEnv('LIGHTHOUSE_PAGES', ['sign-in', 'list', 'patient']);
const presetNames = listFromEnv('LIGHTHOUSE_PRESETS', ['mobile', 'desktop']);
const reports = process.env.LIGHTHOUSE_REPORTS;
const keepData = process.env.LIGHTHOUSE_SYNCED === '1';
const chunkNames = builtChunkNames();
if (reports) mkdirSync(reports, { recursive: true });

await withBedsideAndChromium(async ({ baseUrl }) => {
  const { ids } = await seedClinic(baseUrl, ACCOUNT, PATIENTS);
  const patientIndex = 7;
  const pages = {
    'sign-in': { path: '/login', signedIn: false },
    list: { path: '/', signedIn: true },
    patient: { path: `/patients/${ids[patientIndex]}`, signedIn: true },
  };
  const chrome = await launch({
    chromePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    chromeFlags: CHROME_FLAGS,
  });
  const browser = await chromium.connectOverCDP(`http://127.0.0.1:${chrome.port}`);
  try {
    const [context] = browser.contexts();
    const rows = [];
    let signedIn = false;
    for (const name of pageNames) {
      const target = pages[name];
      if (target.signedIn && !signedIn) {
        await signIn(context, baseUrl);
        signedIn = true;
      }
      for (const preset of presetNames) {
        if (target.signedIn && !keepData) await forgetClinicData(context, baseUrl);
        const result = await lighthouse(
          baseUrl + target.path,
          { port: chrome.port, output: 'json', logLevel: 'error', onlyCategories: CATEGORIES },
          PRESETS[preset],
        );
        rows.push({ name, preset, lhr: result.lhr });
        if (reports) writeFileSync(path.join(reports, `${name}-${preset}.json`), result.report);
        printRow(name, preset, result.lhr);
      }
    }
    printMisses(rows);
  } finally {
    await browser.close().catch(() => undefined);
    chrome.kill();
  }
});

/** Signs in through the sign-in page, as a user would, and waits for the first sync. */
async function signIn(context, baseUrl) {
  const page = await context.newPage();
  await page.goto(`${baseUrl}/login`);
  await page.getByLabel('Email').fill(ACCOUNT.email);
  await page.getByLabel('Password', { exact: true }).fill(ACCOUNT.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  const status = page.getByRole('status', { name: 'Sync status' });
  await status.getByText('All changes synced').waitFor({ timeout: 120_000 });
  await page.close();
}

/**
 * Deletes every IndexedDB database of the origin but the device's own (which holds who is
 * signed in), so the next visit downloads the clinic again as the first visit after a sign-in.
 */
async function forgetClinicData(context, baseUrl) {
  const page = await context.newPage();
  // A static file of the origin: IndexedDB without the app holding the databases open.
  await page.goto(`${baseUrl}/favicon.svg`);
  await page.evaluate(async () => {
    const databases = await indexedDB.databases();
    for (const { name } of databases) {
      if (!name || name === 'bedside-device') continue;
      await new Promise((resolve, reject) => {
        const request = indexedDB.deleteDatabase(name);
        request.onsuccess = () => resolve(undefined);
        request.onerror = () => reject(request.error);
      });
    }
  });
  await page.close();
}

function printRow(name, preset, lhr) {
  const goals = GOALS[preset];
  const score = (category) => {
    const value = lhr.categories[category]?.score;
    const text = value === null || value === undefined ? ' n/a' : value.toFixed(2);
    return `${text} (goal ≥ ${goals[category].toFixed(2)})`;
  };
  if (lhr.runtimeError) console.log(`${name} ${preset}: ${lhr.runtimeError.message}`);
  const ms = (id) => `${Math.round(lhr.audits[id]?.numericValue ?? NaN)} ms`;
  console.log(
    `${name.padEnd(8)} ${preset.padEnd(8)} performance ${score('performance')}, ` +
      `accessibility ${score('accessibility')}, best practices ${score('best-practices')}, ` +
      `LCP ${ms('largest-contentful-paint')}, TBT ${ms('total-blocking-time')}, ` +
      `FCP ${ms('first-contentful-paint')}`,
  );
}

/** What costs an accessibility or best-practices point, where blocking time comes from, hints. */
function printMisses(rows) {
  for (const { name, preset, lhr } of rows) {
    const misses = [];
    for (const category of ['accessibility', 'best-practices']) {
      for (const ref of lhr.categories[category]?.auditRefs ?? []) {
        const audit = lhr.audits[ref.id];
        if (ref.weight > 0 && audit.score !== null && audit.score < 1)
          misses.push(`${category}: ${audit.title}`);
      }
    }
    const blocking = blockingByScript(lhr);
    if (blocking.length > 0) misses.push(`long tasks' blocking time by script: ${blocking}`);
    for (const id of ['unused-javascript', 'render-blocking-resources', 'bootup-time']) {
      const audit = lhr.audits[id];
      if (audit?.displayValue) misses.push(`hint: ${audit.title}: ${audit.displayValue}`);
    }
    if (misses.length > 0) console.log(`${name} ${preset}:\n  ${misses.join('\n  ')}`);
  }
}

/** The built chunks' names (web/vite.config.ts names the first load's: framework, data, core). */
function builtChunkNames() {
  const manifest = path.join(
    root,
    'web',
    '.svelte-kit',
    'output',
    'client',
    '.vite',
    'manifest.json',
  );
  if (!existsSync(manifest)) return new Map();
  const chunks = Object.values(JSON.parse(readFileSync(manifest, 'utf8')));
  return new Map(chunks.map((chunk) => [path.basename(chunk.file), chunk.name]));
}

/** "data (Bou2Ngiv.js) 1210 ms, …": each long task's time past 50 ms, by its script. */
function blockingByScript(lhr) {
  const byScript = new Map();
  for (const task of lhr.audits['long-tasks']?.details?.items ?? []) {
    const file = String(task.url ?? '').replace(/^.*\//, '');
    const script = chunkNames.has(file) ? `${chunkNames.get(file)} (${file})` : file || '(page)';
    byScript.set(script, (byScript.get(script) ?? 0) + Math.max(0, task.duration - 50));
  }
  return [...byScript]
    .filter(([, ms]) => ms > 0)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 4)
    .map(([script, ms]) => `${script} ${Math.round(ms)} ms`)
    .join(', ');
}

function listFromEnv(key, all) {
  const value = process.env[key];
  if (!value) return all;
  return value.split(',').filter((item) => all.includes(item));
}
