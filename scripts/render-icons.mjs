// Renders the PWA's PNG icons from the two SVG sources in static/ with the test browser
// (Chromium through Playwright), so the brand colour lives in the SVGs alone:
//   node scripts/render-icons.mjs
// favicon.svg (rounded, "any") → favicon.png, icon-192.png, icon-512.png;
// icon-maskable.svg (full bleed, cross inside the safe zone) → icon-maskable-*.png, apple-touch-icon.png.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { chromium } from '@playwright/test';

const staticDir = path.resolve(import.meta.dirname, '../static');
const targets = [
  ['favicon.svg', 'favicon.png', 48],
  ['favicon.svg', 'icon-192.png', 192],
  ['favicon.svg', 'icon-512.png', 512],
  ['icon-maskable.svg', 'icon-maskable-192.png', 192],
  ['icon-maskable.svg', 'icon-maskable-512.png', 512],
  ['icon-maskable.svg', 'apple-touch-icon.png', 180],
];

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
});
try {
  for (const [source, target, size] of targets) {
    const page = await browser.newPage({ viewport: { width: size, height: size } });
    const svg = readFileSync(path.join(staticDir, source), 'utf8');
    await page.setContent(
      `<style>html,body{margin:0;background:transparent}svg{display:block;width:${size}px;height:${size}px}</style>${svg}`,
    );
    await page.screenshot({ path: path.join(staticDir, target), omitBackground: true });
    await page.close();
  }
} finally {
  await browser.close();
}
