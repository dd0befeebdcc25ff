import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../../../..');
const read = (file: string) => readFileSync(path.join(root, file), 'utf8');
const brand = /--primary:\s*(#[0-9a-f]{6});/i.exec(read('web/src/app.css'))?.[1]?.toLowerCase();

function pixelHex(file: string, x: number, y: number): string {
  const png = PNG.sync.read(readFileSync(path.join(root, file)));
  const at = (png.width * Math.round(y * png.height) + Math.round(x * png.width)) * 4;
  return `#${[0, 1, 2].map((i) => png.data[at + i]!.toString(16).padStart(2, '0')).join('')}`;
}

describe('one brand colour', () => {
  it('the manifest and the page use the app’s primary blue', () => {
    expect(brand).toBe('#0b5cad');
    expect(JSON.parse(read('static/manifest.webmanifest')).theme_color).toBe(brand);
    expect(read('web/src/app.html')).toContain(`<meta name="theme-color" content="${brand}" />`);
    expect(read('static/favicon.svg')).toContain(`fill="${brand}"`);
  });

  it('every PNG icon is drawn in it', () => {
    for (const icon of [
      'static/favicon.png',
      'static/icon-192.png',
      'static/icon-512.png',
      'static/icon-maskable-192.png',
      'static/icon-maskable-512.png',
      'static/apple-touch-icon.png',
    ])
      // Left of the cross, inside the rounded square.
      expect(pixelHex(icon, 0.15, 0.5), icon).toBe(brand);
  });
});
