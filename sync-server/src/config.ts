import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as v from 'valibot';
import { validate, type FieldIssue } from '@bedside/shared';
import { createLogger, logLevels, type LogLevel } from './log.ts';

export type Config = {
  port: number;
  host: string;
  dataDir: string;
  /** Unset: the embedded PGlite in `${dataDir}/pg`. */
  databaseUrl: string | undefined;
  signup: 'open' | 'closed';
  /** Origins besides the request's own that may send unsafe requests (CSRF). */
  publicOrigins: string[];
  logLevel: LogLevel;
  webDir: string;
  rateLimitWrites: number;
  rateLimitReads: number;
  sessionDays: number;
  maxBodyBytes: number;
};

export type ConfigError = { key: string; message: string };

const defaultWebDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../web/build');

const wholeNumber = (key: string, min: number, max: number) =>
  v.pipe(
    v.string(),
    v.regex(/^\d+$/, `${key} must be a whole number.`),
    v.transform(Number),
    v.minValue(min, `${key} must be at least ${min}.`),
    v.maxValue(max, `${key} must be at most ${max}.`),
  );

const origin = v.pipe(
  v.string(),
  v.check((value) => {
    try {
      const url = new URL(value);
      return (
        (url.protocol === 'http:' || url.protocol === 'https:') &&
        url.origin === value.replace(/\/$/, '')
      );
    } catch {
      return false;
    }
  }, 'PUBLIC_ORIGIN must be a comma-separated list of origins such as https://clinic.example.org.'),
  v.transform((value) => new URL(value).origin),
);

const EnvSchema = v.object({
  PORT: v.optional(wholeNumber('PORT', 0, 65535), '3000'),
  HOST: v.optional(v.string(), '0.0.0.0'),
  DATA_DIR: v.optional(v.string(), './data'),
  DATABASE_URL: v.optional(
    v.pipe(
      v.string(),
      v.regex(/^postgres(ql)?:\/\//, 'DATABASE_URL must start with postgres:// or postgresql://.'),
    ),
  ),
  SIGNUP: v.optional(v.picklist(['open', 'closed'], 'SIGNUP must be open or closed.'), 'open'),
  PUBLIC_ORIGIN: v.optional(
    v.pipe(
      v.string(),
      v.transform((value) =>
        value
          .split(',')
          .map((item) => item.trim())
          .filter(Boolean),
      ),
      v.array(origin),
    ),
    '',
  ),
  LOG_LEVEL: v.optional(
    v.picklist(logLevels, `LOG_LEVEL must be one of ${logLevels.join(', ')}.`),
    'info',
  ),
  WEB_DIR: v.optional(v.string(), defaultWebDir),
  RATE_LIMIT_WRITES: v.optional(wholeNumber('RATE_LIMIT_WRITES', 1, 1_000_000), '100'),
  RATE_LIMIT_READS: v.optional(wholeNumber('RATE_LIMIT_READS', 1, 1_000_000), '1000'),
  SESSION_DAYS: v.optional(wholeNumber('SESSION_DAYS', 1, 3650), '30'),
  MAX_BODY_BYTES: v.optional(
    wholeNumber('MAX_BODY_BYTES', 1024, 1024 ** 3),
    String(2 * 1024 * 1024),
  ),
});

/** Validates the environment; every bad key is reported, not just the first. */
export function loadConfig(
  env: Record<string, string | undefined>,
): { ok: true; config: Config } | { ok: false; errors: ConfigError[] } {
  // An empty value (`DATABASE_URL=` in a .env file) means "not set".
  const given = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ''));
  const result = validate(EnvSchema, given);
  if (!result.ok) return { ok: false, errors: result.issues.map(toConfigError) };
  const e = result.value;
  // Relative paths are taken from where the user ran the command: pnpm and npm run scripts in
  // the package folder but record the caller's folder in INIT_CWD.
  const base = env.INIT_CWD || process.cwd();
  return {
    ok: true,
    config: {
      port: e.PORT,
      host: e.HOST,
      dataDir: path.resolve(base, e.DATA_DIR),
      databaseUrl: e.DATABASE_URL,
      signup: e.SIGNUP,
      publicOrigins: e.PUBLIC_ORIGIN,
      logLevel: e.LOG_LEVEL,
      webDir: path.resolve(base, e.WEB_DIR),
      rateLimitWrites: e.RATE_LIMIT_WRITES,
      rateLimitReads: e.RATE_LIMIT_READS,
      sessionDays: e.SESSION_DAYS,
      maxBodyBytes: e.MAX_BODY_BYTES,
    },
  };
}

function toConfigError(issue: FieldIssue): ConfigError {
  // `PUBLIC_ORIGIN.1` names the list entry; the key is what the operator sets.
  return { key: issue.field.split('.')[0] ?? issue.field, message: issue.message };
}

/** The process's configuration; on any bad key, logs them all and exits. */
export function configFromProcessEnv(): Config {
  const result = loadConfig(process.env);
  if (result.ok) return result.config;
  const log = createLogger('info');
  for (const error of result.errors)
    log.fatal(error, `Invalid setting ${error.key}: ${error.message}`);
  log.flush();
  process.exit(1);
}
