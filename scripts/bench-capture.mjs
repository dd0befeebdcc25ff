#!/usr/bin/env node
// `pnpm bench capture`: from a phone saying an upload is complete to the photo showing on the desktop.
// Starts the real sync server (PGlite, photos on local disk) with the built web app; a desktop
// in Chromium opens "Capture with phone" for a patient; this script plays the phone over HTTP
// (open the code, then upload-url → PUT → complete for 20 real JPEGs of about 0.65 MB, two at a
// time as the phone does) and the desktop page stamps when each arriving image has loaded.
// Both clocks are this machine's wall clock. Prints figures; asserts nothing.
import { createRequire } from 'node:module';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { tsImport } from 'tsx/esm/api';
import { percentile, signInAndSync, summary, withBedsideAndChromium } from './browser-bench.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { uuidv7 } = createRequire(path.join(root, 'sync-server', 'package.json'))('uuidv7');
const { SCHEMA_VERSION } = await tsImport('../shared/src/sync-protocol.ts', import.meta.url);

const IMAGES = 20;
const ACCOUNT = { email: 'bench@clinic.test', password: 'correct horse battery' };

let baseUrl = '';
await withBedsideAndChromium(async (bedside) => {
  baseUrl = bedside.baseUrl;
  const patientId = await seedPatient();
  const page = await bedside.browser.newPage({
    baseURL: baseUrl,
    viewport: { width: 1280, height: 900 },
  });
  await signInAndSync(page, ACCOUNT);
  await page.goto(`/patients/${patientId}`);
  await page.getByRole('button', { name: 'Capture with phone' }).first().click();
  const link = page.getByRole('textbox', { name: 'Capture link' });
  await link.waitFor();
  const token = (await link.inputValue()).split('/').at(-1);
  await stampArrivals(page);
  const jpegs = await realJpegs(page, IMAGES);

  const opened = await json('POST', '/api/capture/open', { token });
  const credential = opened.credential;
  const completeSentAt = new Map();
  const queue = [...jpegs];
  const phone = async () => {
    for (let bytes = queue.shift(); bytes; bytes = queue.shift())
      await upload(credential, bytes, (id) =>
        completeSentAt.set(id, performance.timeOrigin + performance.now()),
      );
  };
  await Promise.all([phone(), phone()]);

  const shown = await page.waitForFunction(
    (count) => {
      const arrivals = window.__bedsideArrivals ?? {};
      return Object.keys(arrivals).length >= count ? arrivals : null;
    },
    IMAGES,
    { timeout: 60_000 },
  );
  const arrivals = await shown.jsonValue();
  const latencies = [...completeSentAt].map(([id, at]) => arrivals[id] - at);
  const bytes = jpegs.reduce((sum, jpeg) => sum + jpeg.length, 0);

  console.log(
    `${IMAGES} photos (${(bytes / IMAGES / 1024).toFixed(0)} KiB each) from a phone over loopback`,
  );
  console.log(`phone sends complete → image loaded on the desktop   ${summary(latencies)}`);
  console.log(
    `p95 ${percentile(latencies, 95).toFixed(0)} ms against the target of 1000 ms (issue 5)`,
  );
});

/** The desktop stamps, per photo id, when its arriving image has loaded (wall clock, ms). */
async function stampArrivals(page) {
  await page.evaluate(() => {
    window.__bedsideArrivals = {};
    const watch = (image) => {
      const id = image.dataset.photoId;
      if (!id || window.__bedsideArrivals[id] || image.dataset.benchWatched) return;
      image.dataset.benchWatched = 'yes';
      const stamp = () =>
        (window.__bedsideArrivals[id] = performance.timeOrigin + performance.now());
      if (image.complete && image.naturalWidth > 0) stamp();
      else image.addEventListener('load', stamp, { once: true });
    };
    new MutationObserver(() =>
      document.querySelectorAll('img[data-photo-id]').forEach(watch),
    ).observe(document.body, {
      childList: true,
      subtree: true,
      attributes: true,
      attributeFilter: ['src'],
    });
  });
}

/**
 * upload-url → PUT → complete, as the phone does. The clock starts as `complete` is sent (the
 * bytes are stored): the desktop may show the photo before the phone has read the answer.
 */
async function upload(credential, bytes, completing) {
  const id = uuidv7();
  const auth = { authorization: `Bearer ${credential}` };
  const answer = await json(
    'POST',
    `/api/capture/photos/${id}/upload-url`,
    {
      contentType: 'image/jpeg',
      byteSize: bytes.length,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      width: 2560,
      height: 1920,
      capturedAt: new Date().toISOString(),
      bodySite: 'Heel',
      laterality: 'left',
    },
    auth,
  );
  const { url, headers } = answer.upload;
  const put = await fetch(new URL(url, baseUrl), { method: 'PUT', headers, body: bytes });
  if (!put.ok) throw new Error(`PUT answered ${put.status}`);
  completing(id);
  await json('POST', `/api/capture/photos/${id}/complete`, undefined, auth);
}

/** Distinct photos the size a phone sends after compression, drawn by the browser. */
async function realJpegs(page, count) {
  const encoded = await page.evaluate(async (count) => {
    const out = [];
    for (let seed = 0; seed < count; seed++) {
      const canvas = new OffscreenCanvas(2560, 1920);
      const context = canvas.getContext('2d');
      for (let i = 0; i < 6000; i++) {
        context.fillStyle = `hsl(${(seed * 37 + i * 13) % 360} 60% ${30 + (i % 50)}%)`;
        context.fillRect((i * 97) % 2560, (i * 61) % 1920, 8 + (i % 90), 6 + (i % 70));
      }
      const blob = await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.8 });
      const bytes = new Uint8Array(await blob.arrayBuffer());
      let binary = '';
      for (const byte of bytes) binary += String.fromCharCode(byte);
      out.push(btoa(binary));
    }
    return out;
  }, count);
  return encoded.map((base64) => Buffer.from(base64, 'base64'));
}

async function seedPatient() {
  const signup = await fetch(`${baseUrl}/api/clinics`, {
    method: 'POST',
    headers: { origin: baseUrl, 'content-type': 'application/json' },
    body: JSON.stringify({
      clinicName: 'Bench Clinic',
      timezone: 'Europe/London',
      name: 'Bea Bench',
      ...ACCOUNT,
    }),
  });
  if (!signup.ok) throw new Error(`sign-up answered ${signup.status}`);
  const cookie = signup.headers
    .getSetCookie()
    .map((line) => line.split(';')[0])
    .join('; ');
  const patientId = uuidv7();
  await json(
    'POST',
    '/api/sync/push',
    {
      clientId: uuidv7(),
      schemaVersion: SCHEMA_VERSION,
      mutations: [
        {
          id: uuidv7(),
          seq: 1,
          name: 'patient.create',
          args: { id: patientId, givenName: 'Patient', familyName: 'Bench' },
        },
      ],
    },
    { cookie },
  );
  return patientId;
}

async function json(method, urlPath, body, headers = {}) {
  const response = await fetch(baseUrl + urlPath, {
    method,
    headers: {
      origin: baseUrl,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...headers,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${method} ${urlPath} answered ${response.status}`);
  return response.json();
}
