import { defaultWorkingHours } from '@bedside/shared';
import { describe, expect, it } from 'vitest';
import { closedHours } from './working-hours';

describe('closedHours', () => {
  it('shades before opening and after closing on an open day, in every column', () => {
    expect(closedHours(['2026-03-30'], defaultWorkingHours, ['a', 'b'])).toEqual([
      expect.objectContaining({
        start: '2026-03-30T00:00:00',
        end: '2026-03-30T08:00:00',
        display: 'background',
        resourceIds: ['a', 'b'],
      }),
      expect.objectContaining({ start: '2026-03-30T18:00:00', end: '2026-03-31T00:00:00' }),
    ]);
  });

  it('shades the whole of a closed day', () => {
    const sunday = closedHours(['2026-04-05'], defaultWorkingHours, []);
    expect(sunday.map(({ start, end }) => [start, end])).toEqual([
      ['2026-04-05T00:00:00', '2026-04-06T00:00:00'],
    ]);
  });

  it('shades nothing at the ends of a day open around the clock', () => {
    const allDay = { ...defaultWorkingHours, mon: { from: '00:00', to: '23:59' } };
    const shaded = closedHours(['2026-03-30'], allDay, []);
    expect(shaded.map(({ start, end }) => [start, end])).toEqual([
      ['2026-03-30T23:59:00', '2026-03-31T00:00:00'],
    ]);
  });
});
