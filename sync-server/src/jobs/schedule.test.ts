import { describe, expect, it } from 'vitest';
import { checkCron, latestDue } from './schedule.ts';

const londonTime = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  dateStyle: 'short',
  timeStyle: 'short',
});

/** Every distinct latest-due time seen by a runner looking every 10 minutes from `from` to `to`. */
function dueTimesSeen(cron: string, timezone: string, from: string, to: string): string[] {
  const seen = new Set<string>();
  for (let t = Date.parse(from); t <= Date.parse(to); t += 10 * 60_000) {
    const due = latestDue(cron, timezone, new Date(t));
    if (due) seen.add(due.toISOString());
  }
  return [...seen];
}

describe('latestDue', () => {
  it('gives one 03:00 run per local day across the spring change in Europe/London', () => {
    const seen = dueTimesSeen(
      '0 3 * * *',
      'Europe/London',
      '2026-03-27T12:00Z',
      '2026-03-31T12:00Z',
    );
    expect(seen).toEqual([
      '2026-03-27T03:00:00.000Z', // GMT
      '2026-03-28T03:00:00.000Z',
      '2026-03-29T02:00:00.000Z', // BST from 01:00 GMT that morning
      '2026-03-30T02:00:00.000Z',
      '2026-03-31T02:00:00.000Z',
    ]);
    expect(seen.map((iso) => londonTime.format(new Date(iso)))).toEqual([
      '27/03/2026, 03:00',
      '28/03/2026, 03:00',
      '29/03/2026, 03:00',
      '30/03/2026, 03:00',
      '31/03/2026, 03:00',
    ]);
  });

  it('gives one 03:00 run per local day across the autumn change in Europe/London', () => {
    const seen = dueTimesSeen(
      '0 3 * * *',
      'Europe/London',
      '2026-10-23T12:00Z',
      '2026-10-27T12:00Z',
    );
    expect(seen).toEqual([
      '2026-10-23T02:00:00.000Z', // BST
      '2026-10-24T02:00:00.000Z',
      '2026-10-25T03:00:00.000Z', // GMT from 01:00 GMT that morning
      '2026-10-26T03:00:00.000Z',
      '2026-10-27T03:00:00.000Z',
    ]);
  });

  it('runs a time the clocks skip once, just after the gap, and a time they repeat once', () => {
    // 01:30 does not exist in London on 29 March (01:00 → 02:00) and happens twice on 25 October.
    expect(
      dueTimesSeen('30 1 * * *', 'Europe/London', '2026-03-28T12:00Z', '2026-03-30T12:00Z'),
    ).toEqual([
      '2026-03-28T01:30:00.000Z',
      '2026-03-29T01:00:00.000Z', // 02:00 BST, the first minute after the gap
      '2026-03-30T00:30:00.000Z',
    ]);
    expect(
      dueTimesSeen('30 1 * * *', 'Europe/London', '2026-10-24T12:00Z', '2026-10-26T12:00Z'),
    ).toEqual([
      '2026-10-24T00:30:00.000Z',
      '2026-10-25T00:30:00.000Z', // 01:30 BST, the first of the two
      '2026-10-26T01:30:00.000Z',
    ]);
  });

  it('counts the scheduled instant itself as due', () => {
    const at = new Date('2026-06-01T01:00:00Z'); // 03:00 in Berlin (CEST)
    expect(latestDue('0 3 * * *', 'Europe/Berlin', at)).toEqual(at);
    expect(latestDue('0 3 * * *', 'Europe/Berlin', new Date(at.getTime() - 1))).toEqual(
      new Date('2026-05-31T01:00:00Z'),
    );
  });

  it('reads the pattern in each zone', () => {
    const now = new Date('2026-06-01T12:00:00Z');
    expect(latestDue('0 3 * * *', 'Pacific/Auckland', now)).toEqual(
      new Date('2026-05-31T15:00:00Z'),
    );
    expect(latestDue('0 3 * * *', 'America/New_York', now)).toEqual(
      new Date('2026-06-01T07:00:00Z'),
    );
  });
});

describe('checkCron', () => {
  it('refuses what is not a cron pattern, naming the job', () => {
    expect(() => checkCron('cleanup', 'at three')).toThrow(
      'job cleanup: "at three" is not a cron pattern',
    );
    expect(() => checkCron('cleanup', '0 3 * * *')).not.toThrow();
  });
});
