import { pino, type Logger, type LevelWithSilent } from 'pino';

export type { Logger };
export const logLevels = [
  'fatal',
  'error',
  'warn',
  'info',
  'debug',
  'trace',
  'silent',
] as const satisfies readonly LevelWithSilent[];
export type LogLevel = (typeof logLevels)[number];

/**
 * The server's one logger: JSON lines on stdout. Callers log ids and counts, never bodies,
 * cookies, emails, names or other patient data.
 */
export function createLogger(level: LogLevel, destination?: pino.DestinationStream): Logger {
  return pino({ name: 'bedside', level, base: undefined }, destination);
}

/** The parts of an unexpected error worth a log line; drivers put row values in other fields. */
export function errorForLog(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { value: typeof error };
  const code = 'code' in error ? error.code : undefined;
  const message = withoutValues(error.message);
  const stack = error.stack?.replace(error.message, message);
  return { name: error.name, code, message, stack };
}

/**
 * PostgreSQL quotes the offending value at the end of some messages (`invalid input syntax for
 * type date: "1990-02-30"`); that value may be patient data, so it never reaches the log.
 */
function withoutValues(message: string): string {
  return message.replace(/: ".*"$/s, ': "…"');
}
