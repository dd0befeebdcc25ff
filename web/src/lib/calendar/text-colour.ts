/** WCAG relative luminance of a `#rrggbb` colour. */
function luminance(hex: string): number {
  const channels = [1, 3, 5].map((start) => {
    const value = Number.parseInt(hex.slice(start, start + 2), 16) / 255;
    return value <= 0.04045 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4;
  });
  const [red = 0, green = 0, blue = 0] = channels;
  return 0.2126 * red + 0.7152 * green + 0.0722 * blue;
}

/**
 * The WCAG contrast ratio of two `#rrggbb` colours (1 to 21).
 *
 * @example contrastRatio('#000000', '#ffffff') // 21
 */
export function contrastRatio(first: string, second: string): number {
  const [light, dark] = [luminance(first), luminance(second)].sort((a, b) => b - a);
  return ((light ?? 0) + 0.05) / ((dark ?? 0) + 0.05);
}

export const darkText = '#000000';
export const lightText = '#ffffff';

/**
 * The text colour (near-black or white) that reads best on `background`; for any colour the
 * better of the two reaches at least 4.5:1, so a clinic may pick any type colour.
 *
 * @example textColourOn('#0b5cad') // '#ffffff'
 */
export function textColourOn(background: string): string {
  return contrastRatio(background, darkText) >= contrastRatio(background, lightText)
    ? darkText
    : lightText;
}
