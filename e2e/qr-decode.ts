import jsQR from 'jsqr';
import { PNG } from 'pngjs';

/** The text a QR code in a PNG screenshot encodes, as a phone's camera would read it. */
export function decodeQr(png: Buffer): string | undefined {
  const image = PNG.sync.read(png);
  const pixels = new Uint8ClampedArray(image.data.buffer, image.data.byteOffset, image.data.length);
  return jsQR(pixels, image.width, image.height)?.data;
}
