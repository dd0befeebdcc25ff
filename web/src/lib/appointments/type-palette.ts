/**
 * The colours an appointment type can take: each keeps at least 4.5:1 contrast with white text,
 * so a calendar block's label stays readable (WCAG AA).
 */
export const typePalette: readonly { colour: string; name: string }[] = [
  { colour: '#1d4ed8', name: 'Blue' },
  { colour: '#0f766e', name: 'Teal' },
  { colour: '#047857', name: 'Green' },
  { colour: '#a16207', name: 'Amber' },
  { colour: '#c2410c', name: 'Orange' },
  { colour: '#b91c1c', name: 'Red' },
  { colour: '#be185d', name: 'Pink' },
  { colour: '#6d28d9', name: 'Violet' },
  { colour: '#4b5563', name: 'Grey' },
];

/** The palette name of a colour, or the colour itself. */
export function colourName(colour: string): string {
  return typePalette.find((entry) => entry.colour === colour.toLowerCase())?.name ?? colour;
}

/**
 * The WCAG contrast ratio of white text on `#rrggbb`.
 *
 * @example contrastWithWhite('#1d4ed8') // ≈ 6.7
 */
export function contrastWithWhite(colour: string): number {
  const channels = [1, 3, 5].map((start) => {
    const value = parseInt(colour.slice(start, start + 2), 16) / 255;
    return value <= 0.04045 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4;
  });
  const [r = 0, g = 0, b = 0] = channels;
  const luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  return 1.05 / (luminance + 0.05);
}
