import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.ts';

const masterKey = Buffer.alloc(32, 1).toString('base64');
const previousKey = Buffer.alloc(32, 2).toString('base64');
/** A key whose base64 has + and /, given in base64url. */
const otherKey = Buffer.alloc(32, 0xfb).toString('base64');

describe('loadConfig', () => {
  it('gives the documented defaults for an empty environment', () => {
    const result = loadConfig({});
    expect(result).toEqual({
      ok: true,
      config: {
        port: 3000,
        host: '0.0.0.0',
        dataDir: path.resolve('./data'),
        databaseUrl: undefined,
        signup: 'open',
        publicOrigins: [],
        trustedProxies: [],
        logLevel: 'info',
        webDir: path.resolve(import.meta.dirname, '../../web/build'),
        rateLimitWrites: 100,
        rateLimitReads: 1000,
        sessionDays: 30,
        sessionCacheSeconds: 5,
        databasePoolSize: 10,
        maxBodyBytes: 2 * 1024 * 1024,
        jobTickSeconds: 60,
        blobs: { driver: 'disk', signingSecret: undefined },
        mail: {
          smtpUrl: undefined,
          from: 'Bedside <no-reply@localhost>',
          publicUrl: 'http://localhost:3000',
          signingSecret: undefined,
          reminderPeriodSeconds: 300,
          reminderCron: '*/5 * * * *',
          retrySeconds: 60,
        },
        phi: { masterKey: undefined, previousMasterKeys: [] },
      },
    });
  });

  it('takes a relative DATA_DIR from the folder the command was run in', () => {
    const result = loadConfig({ DATA_DIR: 'clinic-data', INIT_CWD: '/home/ana/bedside' });
    expect(result.ok && result.config.dataDir).toBe('/home/ana/bedside/clinic-data');
  });

  it('reads every setting', () => {
    const result = loadConfig({
      PORT: '8080',
      HOST: '127.0.0.1',
      DATA_DIR: '/var/lib/bedside',
      DATABASE_URL: 'postgres://bedside@db/bedside',
      SIGNUP: 'closed',
      PUBLIC_ORIGIN: 'https://clinic.example.org, https://bedside.example.org/',
      TRUSTED_PROXIES: '10.0.0.0/8, 192.168.1.2 ,fd00::/8',
      LOG_LEVEL: 'warn',
      WEB_DIR: '/srv/web',
      RATE_LIMIT_WRITES: '10',
      RATE_LIMIT_READS: '20',
      SESSION_DAYS: '7',
      SESSION_CACHE_SECONDS: '0',
      DATABASE_POOL_SIZE: '40',
      MAX_BODY_BYTES: '4096',
      JOB_TICK_SECONDS: '5',
      BLOB_SIGNING_SECRET: 'a-secret-that-is-long-enough-to-sign-urls',
      SMTP_URL: 'smtp://bedside:pw@mail.example.org:587',
      MAIL_FROM: 'Oak Clinic <reminders@oak.example.org>',
      PUBLIC_URL: 'https://bedside.example.org/',
      MAIL_SIGNING_SECRET: 'another-secret-long-enough-to-sign-links',
      REMINDER_PERIOD_SECONDS: '600',
      MAIL_RETRY_SECONDS: '30',
      MASTER_KEY: masterKey,
      MASTER_KEYS_PREVIOUS: ` ${previousKey}, ${otherKey.replaceAll('+', '-').replaceAll('/', '_')}`,
      UNRELATED: 'ignored',
    });
    expect(result).toEqual({
      ok: true,
      config: {
        port: 8080,
        host: '127.0.0.1',
        dataDir: '/var/lib/bedside',
        databaseUrl: 'postgres://bedside@db/bedside',
        signup: 'closed',
        publicOrigins: ['https://clinic.example.org', 'https://bedside.example.org'],
        trustedProxies: ['10.0.0.0/8', '192.168.1.2', 'fd00::/8'],
        logLevel: 'warn',
        webDir: '/srv/web',
        rateLimitWrites: 10,
        rateLimitReads: 20,
        sessionDays: 7,
        sessionCacheSeconds: 0,
        databasePoolSize: 40,
        maxBodyBytes: 4096,
        jobTickSeconds: 5,
        blobs: { driver: 'disk', signingSecret: 'a-secret-that-is-long-enough-to-sign-urls' },
        mail: {
          smtpUrl: 'smtp://bedside:pw@mail.example.org:587',
          from: 'Oak Clinic <reminders@oak.example.org>',
          publicUrl: 'https://bedside.example.org',
          signingSecret: 'another-secret-long-enough-to-sign-links',
          reminderPeriodSeconds: 600,
          reminderCron: '*/10 * * * *',
          retrySeconds: 30,
        },
        phi: {
          masterKey: Buffer.from(masterKey, 'base64'),
          previousMasterKeys: [Buffer.from(previousKey, 'base64'), Buffer.from(otherKey, 'base64')],
        },
      },
    });
  });

  it('needs MASTER_KEY with DATABASE_URL, and says how to make one', () => {
    const result = loadConfig({ DATABASE_URL: 'postgres://bedside@db/bedside' });
    expect(result.ok ? [] : result.errors).toEqual([
      {
        key: 'MASTER_KEY',
        message: expect.stringMatching(
          /^MASTER_KEY is required with DATABASE_URL: .*openssl rand -base64 32.*losing it loses the encrypted patient data\.$/,
        ),
      },
    ]);
  });

  it('refuses a master key that is not 32 bytes in base64, naming the key', () => {
    const result = loadConfig({
      MASTER_KEY: 'too-short',
      MASTER_KEYS_PREVIOUS: `${masterKey}, ${Buffer.alloc(31).toString('base64')}`,
    });
    expect(result.ok ? [] : result.errors).toEqual([
      {
        key: 'MASTER_KEY',
        message:
          'MASTER_KEY must be 32 random bytes in base64 (44 characters), such as the output of `openssl rand -base64 32` or `pnpm keys new`.',
      },
      {
        key: 'MASTER_KEYS_PREVIOUS',
        message:
          'MASTER_KEYS_PREVIOUS must be 32 random bytes in base64 (44 characters), such as the output of `openssl rand -base64 32` or `pnpm keys new`.',
      },
    ]);
  });

  it('reads the S3 settings when BLOB_DRIVER is s3', () => {
    const result = loadConfig({
      BLOB_DRIVER: 's3',
      S3_ENDPOINT: 'http://minio:9000',
      S3_PUBLIC_ENDPOINT: 'https://s3.clinic.example.org',
      S3_REGION: 'eu-central-1',
      S3_BUCKET: 'bedside-photos',
      S3_ACCESS_KEY_ID: 'bedside',
      S3_SECRET_ACCESS_KEY: 'minio-secret',
      S3_FORCE_PATH_STYLE: 'false',
    });
    expect(result.ok && result.config.blobs).toEqual({
      driver: 's3',
      endpoint: 'http://minio:9000',
      publicEndpoint: 'https://s3.clinic.example.org',
      region: 'eu-central-1',
      bucket: 'bedside-photos',
      accessKeyId: 'bedside',
      secretAccessKey: 'minio-secret',
      forcePathStyle: false,
    });
  });

  it('talks to AWS S3 itself, path-style, in us-east-1 unless told otherwise', () => {
    const result = loadConfig({
      BLOB_DRIVER: 's3',
      S3_BUCKET: 'bedside-photos',
      S3_ACCESS_KEY_ID: 'AKIAEXAMPLE',
      S3_SECRET_ACCESS_KEY: 'secret',
    });
    expect(result.ok && result.config.blobs).toMatchObject({
      driver: 's3',
      endpoint: undefined,
      publicEndpoint: undefined,
      region: 'us-east-1',
      forcePathStyle: true,
    });
  });

  it('needs a bucket and credentials for s3, and lists them with the other bad keys', () => {
    const result = loadConfig({ BLOB_DRIVER: 's3', S3_ACCESS_KEY_ID: 'bedside', PORT: 'eighty' });
    expect(result.ok ? [] : result.errors).toEqual([
      { key: 'PORT', message: 'PORT must be a whole number.' },
      { key: 'S3_BUCKET', message: 'S3_BUCKET is required when BLOB_DRIVER is s3.' },
      {
        key: 'S3_SECRET_ACCESS_KEY',
        message: 'S3_SECRET_ACCESS_KEY is required when BLOB_DRIVER is s3.',
      },
    ]);
  });

  it('ignores the S3 settings for the disk driver', () => {
    const result = loadConfig({ S3_BUCKET: 'bedside-photos' });
    expect(result.ok && result.config.blobs).toEqual({ driver: 'disk', signingSecret: undefined });
  });

  it('treats an empty value as unset', () => {
    const result = loadConfig({ DATABASE_URL: '', PORT: '' });
    expect(result.ok && result.config.databaseUrl).toBeUndefined();
    expect(result.ok && result.config.port).toBe(3000);
  });

  it('refuses a job tick that is not a whole number of seconds from 1 to 3600', () => {
    for (const value of ['0', '3601', '1.5']) {
      const result = loadConfig({ JOB_TICK_SECONDS: value });
      expect(result.ok ? [] : result.errors.map((e) => e.key)).toEqual(['JOB_TICK_SECONDS']);
    }
  });

  it('links messages to the first PUBLIC_ORIGIN, or to localhost on PORT, unless PUBLIC_URL says', () => {
    const origins = loadConfig({ PUBLIC_ORIGIN: 'https://a.example.org,https://b.example.org' });
    expect(origins.ok && origins.config.mail.publicUrl).toBe('https://a.example.org');
    const port = loadConfig({ PORT: '8080' });
    expect(port.ok && port.config.mail.publicUrl).toBe('http://localhost:8080');
  });

  it('maps a reminder period that divides the hour to a cron pattern, seconds as a sixth field', () => {
    const cases: [string, string][] = [
      ['1', '*/1 * * * * *'],
      ['5', '*/5 * * * * *'],
      ['30', '*/30 * * * * *'],
      ['60', '* * * * *'],
      ['120', '*/2 * * * *'],
      ['900', '*/15 * * * *'],
      ['3600', '0 * * * *'],
    ];
    for (const [seconds, cron] of cases) {
      const result = loadConfig({ REMINDER_PERIOD_SECONDS: seconds });
      expect(result.ok && result.config.mail).toMatchObject({
        reminderPeriodSeconds: Number(seconds),
        reminderCron: cron,
      });
    }
  });

  it('refuses a reminder period that does not divide the hour evenly', () => {
    for (const value of ['0', '7', '45', '90', '420', '7200', '1.5', 'often']) {
      const result = loadConfig({ REMINDER_PERIOD_SECONDS: value });
      expect(result.ok ? [] : result.errors.map((e) => e.key)).toEqual(['REMINDER_PERIOD_SECONDS']);
    }
    const result = loadConfig({ REMINDER_PERIOD_SECONDS: '45' });
    expect(result.ok ? [] : result.errors[0]?.message).toMatch(
      /^REMINDER_PERIOD_SECONDS must divide a minute/,
    );
  });

  it('lists every bad mail setting with a message saying what is expected', () => {
    const result = loadConfig({
      SMTP_URL: 'http://mail.example.org',
      MAIL_FROM: 'not an address',
      PUBLIC_URL: 'https://bedside.example.org/app',
      MAIL_SIGNING_SECRET: 'short',
      MAIL_RETRY_SECONDS: '0',
    });
    expect(result.ok ? [] : result.errors).toEqual([
      {
        key: 'SMTP_URL',
        message:
          'SMTP_URL must be an smtp:// or smtps:// URL such as smtp://user:password@mail.example.org:587.',
      },
      {
        key: 'MAIL_FROM',
        message:
          'MAIL_FROM must be an address, or a name and an address such as Bedside <no-reply@clinic.example.org>.',
      },
      {
        key: 'PUBLIC_URL',
        message: 'PUBLIC_URL must be an origin such as https://clinic.example.org.',
      },
      {
        key: 'MAIL_SIGNING_SECRET',
        message: 'MAIL_SIGNING_SECRET must be at least 32 characters long.',
      },
      { key: 'MAIL_RETRY_SECONDS', message: 'MAIL_RETRY_SECONDS must be at least 1.' },
    ]);
  });

  it('lists every bad key at once', () => {
    const result = loadConfig({
      PORT: 'eighty',
      DATABASE_URL: 'mysql://nope',
      SIGNUP: 'maybe',
      PUBLIC_ORIGIN: 'https://ok.example, not an origin',
      TRUSTED_PROXIES: '10.0.0.1, proxy.lan, 10.0.0.0/33',
      LOG_LEVEL: 'loud',
      RATE_LIMIT_WRITES: '0',
      SESSION_DAYS: '1.5',
      BLOB_DRIVER: 'ftp',
      BLOB_SIGNING_SECRET: 'short',
      S3_ENDPOINT: 'minio:9000',
      S3_PUBLIC_ENDPOINT: 'https://user:pw@s3.example.org',
      S3_BUCKET: 'Bedside_Photos',
      S3_FORCE_PATH_STYLE: 'yes',
    });
    expect(result.ok).toBe(false);
    const keys = result.ok ? [] : result.errors.map((e) => e.key);
    expect(keys.sort()).toEqual(
      [
        'DATABASE_URL',
        'LOG_LEVEL',
        'PORT',
        'PUBLIC_ORIGIN',
        'TRUSTED_PROXIES',
        'TRUSTED_PROXIES',
        'RATE_LIMIT_WRITES',
        'SESSION_DAYS',
        'SIGNUP',
        'BLOB_DRIVER',
        'BLOB_SIGNING_SECRET',
        'S3_ENDPOINT',
        'S3_PUBLIC_ENDPOINT',
        'S3_BUCKET',
        'S3_FORCE_PATH_STYLE',
      ].sort(),
    );
    expect(result.ok ? [] : result.errors).toContainEqual({
      key: 'PORT',
      message: 'PORT must be a whole number.',
    });
    expect(result.ok ? [] : result.errors).toContainEqual({
      key: 'TRUSTED_PROXIES',
      message:
        'TRUSTED_PROXIES must list IP addresses or CIDR ranges such as 10.0.0.0/8, comma-separated; "proxy.lan" is neither.',
    });
  });
});
