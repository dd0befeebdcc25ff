import { parseArgs } from 'node:util';

/** What `pnpm cleanup` was asked to do. */
export type CleanupArgs = {
  dryRun: boolean;
  /** Unset: every clinic. */
  clinicId: string | undefined;
  now: Date;
};

export const cleanupUsage = 'usage: pnpm cleanup [--dry-run] [--clinic ID] [--now ISO-8601]';

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// A date and time with its offset: the instant must not depend on the machine's time zone.
const isoInstant = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * Reads the command line; a problem is one line to print before exiting with 2.
 *
 * @example parseCleanupArgs(['--dry-run', '--now', '2026-04-01T03:00:00Z'], new Date())
 */
export function parseCleanupArgs(
  argv: string[],
  wallClock: Date,
): { ok: true; args: CleanupArgs } | { ok: false; error: string } {
  let values: { 'dry-run'?: boolean; clinic?: string; now?: string };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        'dry-run': { type: 'boolean' },
        clinic: { type: 'string' },
        now: { type: 'string' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch {
    return { ok: false, error: cleanupUsage };
  }
  if (values.clinic !== undefined && !uuid.test(values.clinic))
    return { ok: false, error: `--clinic must be a clinic id (a UUID), not "${values.clinic}".` };
  let now = wallClock;
  if (values.now !== undefined) {
    now = new Date(values.now);
    if (!isIsoInstant(values.now) || Number.isNaN(now.getTime()))
      return {
        ok: false,
        error: `--now must be an ISO-8601 date and time with its offset, such as 2026-04-01T03:00:00Z, not "${values.now}".`,
      };
  }
  return {
    ok: true,
    args: { dryRun: values['dry-run'] ?? false, clinicId: values.clinic?.toLowerCase(), now },
  };
}

/** `isoInstant`, on a day that exists: `Date` would take 30 February for 2 March. */
function isIsoInstant(text: string): boolean {
  if (!isoInstant.test(text)) return false;
  const [year, month, day] = text.slice(0, 10).split('-').map(Number);
  if (year === undefined || month === undefined || day === undefined) return false;
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}
