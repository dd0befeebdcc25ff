import { Cron } from 'croner';

/**
 * When a cron pattern, read in an IANA time zone, last fired at or before `now`; undefined if it
 * never has. croner does the calendar and the zone's clock changes: a 03:00 job fires once on
 * every local day, a time the clocks skip fires at the first moment after the gap, and a time
 * they repeat fires on its first pass only.
 *
 * @example
 * latestDue('0 3 * * *', 'Europe/London', new Date('2026-03-29T12:00:00Z'))
 * // → 2026-03-29T02:00:00.000Z (03:00 BST)
 */
export function latestDue(cron: string, timezone: string, now: Date): Date | undefined {
  // croner looks strictly before a reference it reads to the whole second: the start of the
  // next second makes "at or before now" of it.
  const reference = new Date(Math.floor(now.getTime() / 1000) * 1000 + 1000);
  return new Cron(cron, { timezone }).previousRuns(1, reference)[0];
}

/** Throws a readable error when a pattern is not one croner reads; for the runner's start. */
export function checkCron(name: string, cron: string): void {
  try {
    new Cron(cron, { timezone: 'UTC' });
  } catch (error) {
    throw new Error(`job ${name}: "${cron}" is not a cron pattern`, { cause: error });
  }
}
