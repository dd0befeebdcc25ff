import { describe, expect, it } from 'vitest';
import { cleanupUsage, parseCleanupArgs } from './cleanup-args.ts';

const wallClock = new Date('2026-03-01T10:00:00Z');
const clinicId = '0190a5b2-7c3d-7e4f-8a9b-0c1d2e3f4a5b';

describe('pnpm cleanup arguments', () => {
  it('defaults to a real run of every clinic as of now', () => {
    expect(parseCleanupArgs([], wallClock)).toEqual({
      ok: true,
      args: { dryRun: false, clinicId: undefined, now: wallClock },
    });
  });

  it('reads a dry run, a clinic (in lower case) and a date with its offset', () => {
    const parsed = parseCleanupArgs(
      ['--dry-run', '--clinic', clinicId.toUpperCase(), '--now', '2026-04-01T05:00:00+02:00'],
      wallClock,
    );
    expect(parsed).toEqual({
      ok: true,
      args: { dryRun: true, clinicId, now: new Date('2026-04-01T03:00:00Z') },
    });
    expect(parseCleanupArgs(['--now=2026-04-01T03:00Z'], wallClock)).toMatchObject({
      ok: true,
      args: { now: new Date('2026-04-01T03:00:00Z') },
    });
  });

  it.each([
    [['--bogus'], cleanupUsage],
    [['extra'], cleanupUsage],
    [['--now'], cleanupUsage],
    [['--dry-run=yes'], cleanupUsage],
    [['--clinic', '42'], '--clinic must be a clinic id (a UUID), not "42".'],
    [
      ['--now', 'tomorrow'],
      '--now must be an ISO-8601 date and time with its offset, such as 2026-04-01T03:00:00Z, not "tomorrow".',
    ],
    // Without an offset the instant would depend on the machine's zone.
    [
      ['--now', '2026-04-01T03:00:00'],
      '--now must be an ISO-8601 date and time with its offset, such as 2026-04-01T03:00:00Z, not "2026-04-01T03:00:00".',
    ],
    [
      ['--now', '2026-02-30T03:00:00Z'],
      '--now must be an ISO-8601 date and time with its offset, such as 2026-04-01T03:00:00Z, not "2026-02-30T03:00:00Z".',
    ],
  ])('refuses %j with one line', (argv, error) => {
    expect(parseCleanupArgs(argv, wallClock)).toEqual({ ok: false, error });
  });
});
