import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as v from 'valibot';
import { validate, type FieldIssue } from '@bedside/shared';
import { isAddressOrRange } from './http/trusted-proxies.ts';
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
  /**
   * Addresses and CIDR ranges of reverse proxies whose X-Forwarded-Proto and X-Forwarded-For are
   * believed; empty: none, the socket's peer is the client.
   */
  trustedProxies: string[];
  logLevel: LogLevel;
  webDir: string;
  rateLimitWrites: number;
  rateLimitReads: number;
  sessionDays: number;
  /** How long a session lookup is reused in this process; 0: looked up on every request. */
  sessionCacheSeconds: number;
  /**
   * Connections to PostgreSQL (DATABASE_URL); PGlite has one. 10 answered 50 busy devices as fast
   * as 20 (`pnpm bench pull-load`): a request now costs about one query.
   */
  databasePoolSize: number;
  maxBodyBytes: number;
  /** How often the job runner looks for due runs (cleanup, reminders); a missed run runs at start. */
  jobTickSeconds: number;
  /** Where photo and attachment bytes live. */
  blobs: BlobConfig;
  /** Reminders, confirmations and cancellations by email. */
  mail: MailConfig;
  /** Master keys of PHI at rest (see `openPhiKeys`). */
  phi: PhiConfig;
};

export type PhiConfig = {
  /** MASTER_KEY, 32 bytes; unset (embedded database only): kept in `${dataDir}/master.key`. */
  masterKey: Buffer | undefined;
  /** MASTER_KEYS_PREVIOUS: other keys data keys may still be wrapped by, during a rotation. */
  previousMasterKeys: Buffer[];
};

export type MailConfig = {
  /** `smtp://` or `smtps://`; unset: the embedded default writes .eml files to `${dataDir}/mail`. */
  smtpUrl: string | undefined;
  /** The From of every message, e.g. `Bedside <no-reply@localhost>`. */
  from: string;
  /** The origin links in messages use (unsubscribe): PUBLIC_URL, the first PUBLIC_ORIGIN, or localhost. */
  publicUrl: string;
  /** Key of unsubscribe links; unset: a secret made once and kept in `${dataDir}/mail-secret`. */
  signingSecret: string | undefined;
  /** How often the reminder job runs; a reminder is sent within this long of its time. */
  reminderPeriodSeconds: number;
  /** The job's croner pattern for that period: 6 fields (seconds first) below a minute. */
  reminderCron: string;
  /** A transient failure is retried after 1, 2 and 4 times this. */
  retrySeconds: number;
};

export type S3Settings = {
  /** Unset: AWS S3 itself. */
  endpoint: string | undefined;
  /**
   * Where browsers reach the same bucket, when that differs from where the server does (compose:
   * `http://minio:9000` inside, `https://s3.clinic.example` outside). Presigned URLs name it.
   */
  publicEndpoint: string | undefined;
  region: string;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
  forcePathStyle: boolean;
};

export type BlobConfig =
  | {
      driver: 'disk';
      /** Unset: a secret made once and kept in `${dataDir}/blob-secret`. */
      signingSecret: string | undefined;
    }
  | ({ driver: 's3' } & S3Settings);

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

const originOf = (key: string, what: string) =>
  v.pipe(
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
    }, `${key} must be ${what} such as https://clinic.example.org.`),
    v.transform((value) => new URL(value).origin),
  );

const origin = originOf('PUBLIC_ORIGIN', 'a comma-separated list of origins');

/**
 * The croner pattern of a period that divides the hour evenly, so every run falls on the same
 * marks whichever instance or start time: 30 → `*\/30 * * * * *`, 300 → `*\/5 * * * *`,
 * 3600 → `0 * * * *`. Undefined for a period that does not (45 s, 90 s, 7 min).
 *
 * @example
 * reminderCron(300) // '*\/5 * * * *'
 */
export function reminderCron(seconds: number): string | undefined {
  if (!Number.isInteger(seconds) || seconds < 1) return undefined;
  if (seconds < 60) return 60 % seconds === 0 ? `*/${seconds} * * * * *` : undefined;
  if (seconds % 60 !== 0) return undefined;
  const minutes = seconds / 60;
  if (60 % minutes !== 0) return undefined;
  if (minutes === 60) return '0 * * * *';
  return minutes === 1 ? '* * * * *' : `*/${minutes} * * * *`;
}

const periodMessage =
  'REMINDER_PERIOD_SECONDS must divide a minute (1, 2, 5, 10, 15, 20, 30) or be a whole number of minutes that divides an hour (60, 120, 300, 600, 900, 1200, 1800, 3600).';

const mailFromPattern = /^(?:[^<>]*<[^<>@\s]+@[^<>@\s]+>|[^<>@\s]+@[^<>@\s]+)$/;

const proxyEntry = v.pipe(
  v.string(),
  v.check(
    isAddressOrRange,
    (issue) =>
      `TRUSTED_PROXIES must list IP addresses or CIDR ranges such as 10.0.0.0/8, comma-separated; "${String(issue.input)}" is neither.`,
  ),
);

const endpoint = (key: string) =>
  v.pipe(
    v.string(),
    v.check((value) => {
      try {
        const url = new URL(value);
        return (url.protocol === 'http:' || url.protocol === 'https:') && !url.username;
      } catch {
        return false;
      }
    }, `${key} must be an http:// or https:// URL such as http://minio:9000, without credentials.`),
  );

const requiredForS3 = ['S3_BUCKET', 'S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY'] as const;

/** Whether `value` is 32 bytes in base64 (or base64url), as `openssl rand -base64 32` prints. */
export function isMasterKeyText(value: string): boolean {
  return /^[A-Za-z0-9+/_-]{43}=?$/.test(value) && Buffer.from(value, 'base64').length === 32;
}

const masterKeyMessage = (key: string) =>
  `${key} must be 32 random bytes in base64 (44 characters), such as the output of \`openssl rand -base64 32\` or \`pnpm keys new\`.`;

const masterKeyText = (key: string) =>
  v.pipe(
    v.string(),
    v.trim(),
    v.check(isMasterKeyText, masterKeyMessage(key)),
    v.transform((value) => Buffer.from(value, 'base64')),
  );

/** A comma-separated list, each item trimmed and checked by `item`; unset or empty: none. */
function commaList<const S extends v.GenericSchema<string, unknown>>(item: S) {
  return v.optional(
    v.pipe(
      v.string(),
      v.transform((value) =>
        value
          .split(',')
          .map((entry) => entry.trim())
          .filter(Boolean),
      ),
      v.array(item),
    ),
    '',
  );
}

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
  PUBLIC_ORIGIN: commaList(origin),
  TRUSTED_PROXIES: commaList(proxyEntry),
  LOG_LEVEL: v.optional(
    v.picklist(logLevels, `LOG_LEVEL must be one of ${logLevels.join(', ')}.`),
    'info',
  ),
  WEB_DIR: v.optional(v.string(), defaultWebDir),
  RATE_LIMIT_WRITES: v.optional(wholeNumber('RATE_LIMIT_WRITES', 1, 1_000_000), '100'),
  RATE_LIMIT_READS: v.optional(wholeNumber('RATE_LIMIT_READS', 1, 1_000_000), '1000'),
  SESSION_DAYS: v.optional(wholeNumber('SESSION_DAYS', 1, 3650), '30'),
  SESSION_CACHE_SECONDS: v.optional(wholeNumber('SESSION_CACHE_SECONDS', 0, 60), '5'),
  DATABASE_POOL_SIZE: v.optional(wholeNumber('DATABASE_POOL_SIZE', 1, 1000), '10'),
  MAX_BODY_BYTES: v.optional(
    wholeNumber('MAX_BODY_BYTES', 1024, 1024 ** 3),
    String(2 * 1024 * 1024),
  ),
  JOB_TICK_SECONDS: v.optional(wholeNumber('JOB_TICK_SECONDS', 1, 3600), '60'),
  BLOB_DRIVER: v.optional(v.picklist(['disk', 's3'], 'BLOB_DRIVER must be disk or s3.'), 'disk'),
  BLOB_SIGNING_SECRET: v.optional(
    v.pipe(v.string(), v.minLength(32, 'BLOB_SIGNING_SECRET must be at least 32 characters long.')),
  ),
  S3_ENDPOINT: v.optional(endpoint('S3_ENDPOINT')),
  S3_PUBLIC_ENDPOINT: v.optional(endpoint('S3_PUBLIC_ENDPOINT')),
  S3_REGION: v.optional(v.string(), 'us-east-1'),
  S3_BUCKET: v.optional(
    v.pipe(
      v.string(),
      v.regex(
        /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/,
        'S3_BUCKET must be a bucket name: 3 to 63 lower-case letters, digits, dots and hyphens.',
      ),
    ),
  ),
  S3_ACCESS_KEY_ID: v.optional(v.string()),
  S3_SECRET_ACCESS_KEY: v.optional(v.string()),
  SMTP_URL: v.optional(
    v.pipe(
      v.string(),
      v.check((value) => {
        try {
          const url = new URL(value);
          return (url.protocol === 'smtp:' || url.protocol === 'smtps:') && url.hostname !== '';
        } catch {
          return false;
        }
      }, 'SMTP_URL must be an smtp:// or smtps:// URL such as smtp://user:password@mail.example.org:587.'),
    ),
  ),
  MAIL_FROM: v.optional(
    v.pipe(
      v.string(),
      v.trim(),
      v.regex(
        mailFromPattern,
        'MAIL_FROM must be an address, or a name and an address such as Bedside <no-reply@clinic.example.org>.',
      ),
    ),
    'Bedside <no-reply@localhost>',
  ),
  PUBLIC_URL: v.optional(originOf('PUBLIC_URL', 'an origin')),
  MAIL_SIGNING_SECRET: v.optional(
    v.pipe(v.string(), v.minLength(32, 'MAIL_SIGNING_SECRET must be at least 32 characters long.')),
  ),
  REMINDER_PERIOD_SECONDS: v.optional(
    v.pipe(
      v.string(),
      v.regex(/^\d+$/, 'REMINDER_PERIOD_SECONDS must be a whole number.'),
      v.transform(Number),
      v.check((seconds) => reminderCron(seconds) !== undefined, periodMessage),
    ),
    '300',
  ),
  MAIL_RETRY_SECONDS: v.optional(wholeNumber('MAIL_RETRY_SECONDS', 1, 86_400), '60'),
  S3_FORCE_PATH_STYLE: v.optional(
    v.pipe(
      v.picklist(['true', 'false'], 'S3_FORCE_PATH_STYLE must be true or false.'),
      v.transform((value) => value === 'true'),
    ),
    'true',
  ),
  MASTER_KEY: v.optional(masterKeyText('MASTER_KEY')),
  MASTER_KEYS_PREVIOUS: commaList(masterKeyText('MASTER_KEYS_PREVIOUS')),
});

const masterKeyRequired =
  'MASTER_KEY is required with DATABASE_URL: every instance must share one master key, and a key file in one DATA_DIR would not be. Set it to 32 random bytes in base64 (`openssl rand -base64 32` or `pnpm keys new`) and keep a copy somewhere safe: losing it loses the encrypted patient data.';

/** Validates the environment; every bad key is reported, not just the first. */
export function loadConfig(
  env: Record<string, string | undefined>,
): { ok: true; config: Config } | { ok: false; errors: ConfigError[] } {
  // An empty value (`DATABASE_URL=` in a .env file) means "not set".
  const given = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ''));
  const result = validate(EnvSchema, given);
  // Checked beside the schema, so a missing bucket is listed with every other bad key.
  const missing: ConfigError[] = [
    ...(given.BLOB_DRIVER === 's3'
      ? requiredForS3
          .filter((key) => given[key] === undefined)
          .map((key) => ({ key, message: `${key} is required when BLOB_DRIVER is s3.` }))
      : []),
    // A DATABASE_URL that is wrong anyway is reported on its own.
    ...(/^postgres(ql)?:\/\//.test(given.DATABASE_URL ?? '') && given.MASTER_KEY === undefined
      ? [{ key: 'MASTER_KEY', message: masterKeyRequired }]
      : []),
  ];
  if (!result.ok || missing.length > 0) {
    return {
      ok: false,
      errors: [...(result.ok ? [] : result.issues.map(toConfigError)), ...missing],
    };
  }
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
      trustedProxies: e.TRUSTED_PROXIES,
      logLevel: e.LOG_LEVEL,
      webDir: path.resolve(base, e.WEB_DIR),
      rateLimitWrites: e.RATE_LIMIT_WRITES,
      rateLimitReads: e.RATE_LIMIT_READS,
      sessionDays: e.SESSION_DAYS,
      sessionCacheSeconds: e.SESSION_CACHE_SECONDS,
      databasePoolSize: e.DATABASE_POOL_SIZE,
      maxBodyBytes: e.MAX_BODY_BYTES,
      jobTickSeconds: e.JOB_TICK_SECONDS,
      blobs:
        e.BLOB_DRIVER === 's3'
          ? {
              driver: 's3',
              endpoint: e.S3_ENDPOINT,
              publicEndpoint: e.S3_PUBLIC_ENDPOINT,
              region: e.S3_REGION,
              // Present: `missing` above returned early otherwise.
              bucket: e.S3_BUCKET ?? '',
              accessKeyId: e.S3_ACCESS_KEY_ID ?? '',
              secretAccessKey: e.S3_SECRET_ACCESS_KEY ?? '',
              forcePathStyle: e.S3_FORCE_PATH_STYLE,
            }
          : { driver: 'disk', signingSecret: e.BLOB_SIGNING_SECRET },
      mail: {
        smtpUrl: e.SMTP_URL,
        from: e.MAIL_FROM,
        publicUrl: e.PUBLIC_URL ?? e.PUBLIC_ORIGIN[0] ?? `http://localhost:${e.PORT}`,
        signingSecret: e.MAIL_SIGNING_SECRET,
        reminderPeriodSeconds: e.REMINDER_PERIOD_SECONDS,
        // Present: the schema checked it maps to one.
        reminderCron: reminderCron(e.REMINDER_PERIOD_SECONDS) ?? '*/5 * * * *',
        retrySeconds: e.MAIL_RETRY_SECONDS,
      },
      phi: { masterKey: e.MASTER_KEY, previousMasterKeys: e.MASTER_KEYS_PREVIOUS },
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
