import { describe, expect, it } from 'vitest';
import { QR_QUIET_ZONE, qrCodeSvg, svgDataUrl } from './qr-svg';

// 43 characters, like a real token (32 random bytes, base64url).
const token = 'q0ZVb3X1c2VkLWJ5LWEtdGVzdC1vbmx5LWFiY2RlZmd';

/** Bytes a QR code of versions 1–8 holds at error correction M (ISO/IEC 18004, byte mode). */
const byteCapacityAtM = [14, 26, 42, 62, 84, 106, 122, 152];

function expectedModules(text: string): number {
  const version = byteCapacityAtM.findIndex((capacity) => text.length <= capacity) + 1;
  return 17 + 4 * version;
}

function viewBoxSide(svg: string): number {
  const match = /viewBox="0 0 (\d+) (\d+)"/.exec(svg);
  expect(match?.[1]).toBe(match?.[2]);
  return Number(match?.[1]);
}

describe('qrCodeSvg', () => {
  it.each([
    ['a LAN address', `http://192.168.1.20:5173/capture/${token}`],
    ['a public origin', `https://bedside.physio-clinic.example.org/capture/${token}`],
  ])('draws the code of %s at error correction M with a quiet zone', async (_, url) => {
    const svg = await qrCodeSvg(url);

    expect(svg.trimStart().startsWith('<svg')).toBe(true);
    expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
    expect(viewBoxSide(svg)).toBe(expectedModules(url) + 2 * QR_QUIET_ZONE);
    // The top-left finder pattern is dark from its first module: it starts inside the zone.
    expect(svg).toContain(`d="M${QR_QUIET_ZONE} ${QR_QUIET_ZONE + 0.5}`);
    expect(svg).toContain('fill="#ffffff"');
  });

  it('gives a different code for a different link', async () => {
    const first = await qrCodeSvg(`http://192.168.1.20:5173/capture/${token}`);
    const second = await qrCodeSvg(`http://192.168.1.20:5173/capture/${token.replace('q', 'r')}`);

    expect(viewBoxSide(first)).toBe(viewBoxSide(second));
    expect(second).not.toBe(first);
  });
});

describe('svgDataUrl', () => {
  it('makes an image URL that holds the markup', async () => {
    const svg = await qrCodeSvg('http://192.168.1.20:5173/capture/x');
    const url = svgDataUrl(svg);

    expect(url.startsWith('data:image/svg+xml;charset=utf-8,')).toBe(true);
    expect(decodeURIComponent(url.slice(url.indexOf(',') + 1))).toBe(svg);
  });
});
