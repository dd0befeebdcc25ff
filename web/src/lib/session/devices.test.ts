import { describe, expect, it } from 'vitest';
import { deviceLabel } from '@bedside/shared/devices';
import { deviceRows, unnamedDevice, type DeviceSession } from './devices';

const session = (id: string, fields: Partial<DeviceSession> = {}): DeviceSession => ({
  id,
  device: 'Chrome on Android',
  createdAt: '2026-12-01T08:00:00.000Z',
  lastSeenAt: '2026-12-01T08:00:00.000Z',
  current: false,
  ...fields,
});

describe('deviceLabel, as the server names a device', () => {
  it('names browser and system in a few words, never the raw User-Agent', () => {
    expect(
      deviceLabel(
        'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36',
      ),
    ).toBe('Chrome on Android');
    expect(
      deviceLabel(
        'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1',
      ),
    ).toBe('Safari on iPhone');
    expect(
      deviceLabel('Mozilla/5.0 (Windows NT 10.0; rv:128.0) Gecko/20100101 Firefox/128.0'),
    ).toBe('Firefox on Windows');
    expect(deviceLabel('some-bot/1.0 (build 42)')).toBe('Unknown device');
  });
});

describe('deviceRows', () => {
  it('puts this device first, then the others by last seen, newest first', () => {
    const rows = deviceRows([
      session('a', { lastSeenAt: '2026-12-01T09:00:00.000Z' }),
      session('b', { lastSeenAt: '2026-12-03T09:00:00.000Z' }),
      session('c', { current: true, device: 'Firefox on Windows' }),
    ]);
    expect(rows.map((row) => [row.id, row.name, row.current])).toEqual([
      ['c', 'Firefox on Windows', true],
      ['b', 'Chrome on Android', false],
      ['a', 'Chrome on Android', false],
    ]);
  });

  it('names a session that has no label', () => {
    expect(deviceRows([session('a', { device: null })])[0]?.name).toBe(unnamedDevice);
  });
});
