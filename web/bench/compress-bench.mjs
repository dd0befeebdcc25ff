#!/usr/bin/env node
// `pnpm bench compress`: how long `prepareImage` takes to turn a 12-megapixel camera JPEG
// (4000×3000, noise and gradients, quality 0.92, with a GPS Exif block) into the photo Bedside
// stores, in Chromium, in the real app page (its CSP, its service worker), and how long the
// main thread is blocked meanwhile (PerformanceObserver 'longtask'). Also reports where the
// compression worker's script came from, that Exif is gone, and that it works offline.
// The test photo is drawn in a worker so its pixels are no garbage for the page to collect.
// Starts the real sync server (PGlite in a temporary DATA_DIR) with the built web app. The
// app has no route that exposes prepareImage, so this script bundles `src/lib/capture/
// prepare-image.ts` with Vite and serves it to the page at a same-origin path through
// Playwright's request routing. Prints figures; asserts nothing.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import { summary, withBedsideAndChromium } from '../../scripts/browser-bench.mjs';

const web = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const RUNS = 10;
const MODULE_PATH = '/__compress-bench__/prepare-image.js';
const COMPRESSION_SCRIPT = '/vendor/browser-image-compression-';

const moduleSource = await bundlePrepareImage();
await withBedsideAndChromium(async ({ baseUrl, browser }) => {
  const context = await browser.newContext({ baseURL: baseUrl });
  const scriptLoads = [];
  const foreign = [];
  context.on('requestfinished', (request) => {
    const url = new URL(request.url());
    if (url.pathname.startsWith(COMPRESSION_SCRIPT)) scriptLoads.push(url.origin);
    else if (url.origin !== baseUrl && url.protocol.startsWith('http')) foreign.push(url.origin);
  });
  await context.route(`**${MODULE_PATH}`, (route) =>
    route.fulfill({ contentType: 'text/javascript', body: moduleSource }),
  );
  const page = await context.newPage();
  await openControlledByServiceWorker(page);

  const online = await page.evaluate(compressInPage, { modulePath: MODULE_PATH, runs: RUNS });
  await context.setOffline(true);
  const offline = await page.evaluate(compressInPage, { modulePath: MODULE_PATH, runs: 1 });
  await context.setOffline(false);

  console.log(
    `prepareImage, ${online.input.width}×${online.input.height} JPEG of ` +
      `${mb(online.input.bytes)} (q 0.92, GPS Exif), ${RUNS} runs in Chromium`,
  );
  console.log(`compression time              ${summary(online.times)}`);
  console.log(
    `longest main-thread block     ${online.longestTask.toFixed(0)} ms (longtask entries: ${online.longTasks})`,
  );
  console.log(
    `output                        ${online.output.width}×${online.output.height}, ` +
      `${mb(online.output.bytes)}, thumbnail ${online.output.thumbnailBytes} bytes, ` +
      `Exif in input: ${online.input.exif}, in output: ${online.output.exif}`,
  );
  console.log(
    `worker script                 loaded ${scriptLoads.length}× from ${[...new Set(scriptLoads)].join(', ') || 'nowhere'}; ` +
      `other origins contacted: ${foreign.length === 0 ? 'none' : [...new Set(foreign)].join(', ')}`,
  );
  console.log(
    `offline (service worker)      ${offline.error ?? `ok in ${offline.times[0]?.toFixed(0)} ms, longest block ${offline.longestTask.toFixed(0)} ms`}`,
  );
});

/**
 * Runs in the page: draws and encodes the camera photo, then times `prepareImage` on it while
 * recording long tasks. The drawing itself blocks the main thread, so long tasks are counted
 * only from the first compression on.
 */
async function compressInPage({ modulePath, runs }) {
  const { prepareImage } = await import(modulePath);
  const width = 4000;
  const height = 3000;
  // Drawn in a worker, so the 48 MB of pixels never become garbage on the main thread.
  const drawer = new Worker(
    URL.createObjectURL(
      new Blob(
        [
          `self.onmessage = async () => { const bytes = await (${drawCameraPhoto})(${width}, ${height}); self.postMessage(bytes, [bytes.buffer]); };`,
        ],
        {
          type: 'text/javascript',
        },
      ),
    ),
  );
  const jpeg = await new Promise((resolve) => {
    drawer.onmessage = (event) => resolve(event.data);
    drawer.postMessage('draw');
  });
  drawer.terminate();
  const camera = new File([withGpsExif(jpeg)], 'IMG_0001.jpg', { type: 'image/jpeg' });

  const longTasks = [];
  const observer = new PerformanceObserver((list) => longTasks.push(...list.getEntries()));
  observer.observe({ type: 'longtask' });
  const start = performance.now();
  const times = [];
  let last;
  for (let run = 0; run < runs; run++) {
    const began = performance.now();
    last = await prepareImage(camera);
    times.push(performance.now() - began);
    if ('error' in last) break;
  }
  // Entries not delivered to the callback yet are still in the observer's buffer.
  longTasks.push(...observer.takeRecords());
  observer.disconnect();
  const during = longTasks.filter((task) => task.startTime >= start);
  const input = {
    width,
    height,
    bytes: camera.size,
    exif: hasExif(new Uint8Array(await camera.arrayBuffer())),
  };
  if ('error' in last) return { error: last.error, times, longestTask: 0, longTasks: 0, input };
  return {
    times,
    longestTask: Math.max(0, ...during.map((task) => task.duration)),
    longTasks: during.length,
    input,
    output: {
      width: last.width,
      height: last.height,
      bytes: last.bytes.byteLength,
      thumbnailBytes: last.thumbnail.byteLength,
      exif: hasExif(new Uint8Array(last.bytes)),
    },
  };

  /** Noise over gradients, encoded as a camera would (quality 0.92). */
  async function drawCameraPhoto(width, height) {
    const canvas = new OffscreenCanvas(width, height);
    const context = canvas.getContext('2d');
    const pixels = context.createImageData(width, height);
    let seed = 42;
    for (let index = 0; index < pixels.data.length; index += 4) {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      const noise = seed & 0x3f;
      const pixel = index / 4;
      pixels.data[index] = (((pixel % width) / width) * 200 + noise) | 0;
      pixels.data[index + 1] = ((Math.floor(pixel / width) / height) * 200 + noise) | 0;
      pixels.data[index + 2] = 128 + noise;
      pixels.data[index + 3] = 255;
    }
    context.putImageData(pixels, 0, 0);
    const blob = await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.92 });
    return new Uint8Array(await blob.arrayBuffer());
  }

  /** A camera's Exif block (big-endian TIFF, GPS IFD with GPSLatitudeRef "N") after SOI. */
  function withGpsExif(bytes) {
    const tiff = new Uint8Array(8 + 2 + 12 + 4 + 2 + 12 + 4);
    const view = new DataView(tiff.buffer);
    tiff.set([0x4d, 0x4d], 0);
    view.setUint16(2, 42);
    view.setUint32(4, 8);
    view.setUint16(8, 1);
    view.setUint16(10, 0x8825);
    view.setUint16(12, 4);
    view.setUint32(14, 1);
    view.setUint32(18, 26);
    view.setUint16(26, 1);
    view.setUint16(28, 0x0001);
    view.setUint16(30, 2);
    view.setUint32(32, 2);
    tiff.set([0x4e, 0], 36);
    const payload = new Uint8Array([0x45, 0x78, 0x69, 0x66, 0, 0, ...tiff]);
    const segment = new Uint8Array([0xff, 0xe1, 0, 0, ...payload]);
    new DataView(segment.buffer).setUint16(2, payload.length + 2);
    return new Uint8Array([...bytes.subarray(0, 2), ...segment, ...bytes.subarray(2)]);
  }

  function hasExif(bytes) {
    let offset = 2;
    while (offset + 4 <= bytes.length && bytes[offset] === 0xff && bytes[offset + 1] !== 0xda) {
      const length = (bytes[offset + 2] << 8) | bytes[offset + 3];
      const tag = String.fromCharCode(...bytes.subarray(offset + 4, offset + 8));
      if (bytes[offset + 1] === 0xe1 && tag === 'Exif') return true;
      offset += 2 + length;
    }
    return false;
  }
}

/** Opens the app and reloads it once its service worker is active, so the page is controlled. */
async function openControlledByServiceWorker(page) {
  await page.goto('/login');
  await page.evaluate(() => navigator.serviceWorker.ready);
  await page.reload();
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
}

/** `prepare-image.ts` and what it imports, as one ES module the page can import. */
async function bundlePrepareImage() {
  const result = await build({
    configFile: false,
    root: web,
    logLevel: 'silent',
    resolve: { alias: { $lib: path.join(web, 'src', 'lib') } },
    build: {
      write: false,
      minify: false,
      lib: {
        entry: path.join(web, 'src', 'lib', 'capture', 'prepare-image.ts'),
        formats: ['es'],
        fileName: 'prepare-image',
      },
      rolldownOptions: { output: { codeSplitting: false } },
    },
  });
  const outputs = Array.isArray(result) ? result.flatMap((entry) => entry.output) : result.output;
  const chunk = outputs.find((output) => output.type === 'chunk' && output.isEntry);
  if (!chunk) throw new Error('Vite produced no bundle of prepare-image.ts');
  return chunk.code;
}

function mb(bytes) {
  return `${(bytes / 1024 / 1024).toFixed(2)} MB`;
}
