/** Light modules around the code: the QR standard asks for four, and phones read faster with it. */
export const QR_QUIET_ZONE = 4;

/**
 * The QR code of `text` as SVG markup: dark modules on white (also in dark mode, so every
 * phone camera reads it), error correction M, a quiet zone of four modules. The library is
 * loaded on first use, so it stays out of the bundle every page loads.
 */
export async function qrCodeSvg(text: string): Promise<string> {
  const { toString } = await import('qrcode');
  return toString(text, {
    type: 'svg',
    errorCorrectionLevel: 'M',
    margin: QR_QUIET_ZONE,
    color: { dark: '#000000', light: '#ffffff' },
  });
}

/** The markup as an image URL, for an `<img>` that carries the accessible name. */
export function svgDataUrl(svg: string): string {
  return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
}
