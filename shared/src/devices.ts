/**
 * "My devices" (Settings → My account): the signed-in user's sessions, `GET /api/auth/sessions`,
 * and the short label a session's device goes by, made from its User-Agent when it signs in.
 */

/** One session of mine as the server lists it; `id` is opaque (never the token or its hash). */
export type DeviceSession = {
  id: string;
  /** "Chrome on Android", "Safari on iPhone"…; null for sessions older than labels. */
  device: string | null;
  /** ISO-8601. */
  createdAt: string;
  /** ISO-8601; refreshed at most every few minutes. */
  lastSeenAt: string;
  /** The session of the device asking. */
  current: boolean;
};

export type DeviceSessionList = { sessions: DeviceSession[] };

const browsers: [RegExp, string][] = [
  [/\bEdg(e|A|iOS)?\//, 'Edge'],
  [/\b(OPR|Opera)\//, 'Opera'],
  [/\bSamsungBrowser\//, 'Samsung Internet'],
  [/\b(Firefox|FxiOS)\//, 'Firefox'],
  [/\b(Chrome|CriOS|Chromium)\//, 'Chrome'],
  [/\bVersion\/[\d.]+.*\bSafari\//, 'Safari'],
  [/\b(iPhone|iPad|Macintosh)\b.*\bAppleWebKit\//, 'Safari'],
];

const systems: [RegExp, string][] = [
  [/\biPhone\b/, 'iPhone'],
  [/\biPad\b/, 'iPad'],
  [/\bAndroid\b/, 'Android'],
  [/\bCrOS\b/, 'ChromeOS'],
  [/\bWindows\b/, 'Windows'],
  [/\bMac OS X\b|\bMacintosh\b/, 'Mac'],
  [/\bLinux\b/, 'Linux'],
];

/**
 * A short, human label for a User-Agent: browser and system, or whichever is known, or
 * "Unknown device". The raw string is never shown or stored.
 *
 * @example
 * deviceLabel('Mozilla/5.0 (Linux; Android 14; Pixel 8) … Chrome/126.0 Mobile Safari/537.36')
 * // 'Chrome on Android'
 */
export function deviceLabel(userAgent: string | null | undefined): string {
  const ua = (userAgent ?? '').slice(0, 512);
  const browser = browsers.find(([pattern]) => pattern.test(ua))?.[1];
  const system = systems.find(([pattern]) => pattern.test(ua))?.[1];
  if (browser && system) return `${browser} on ${system}`;
  return browser ?? system ?? 'Unknown device';
}
