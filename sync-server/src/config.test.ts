import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.ts';

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
        logLevel: 'info',
        webDir: path.resolve(import.meta.dirname, '../../web/build'),
        rateLimitWrites: 100,
        rateLimitReads: 1000,
        sessionDays: 30,
        maxBodyBytes: 2 * 1024 * 1024,
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
      LOG_LEVEL: 'warn',
      WEB_DIR: '/srv/web',
      RATE_LIMIT_WRITES: '10',
      RATE_LIMIT_READS: '20',
      SESSION_DAYS: '7',
      MAX_BODY_BYTES: '4096',
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
        logLevel: 'warn',
        webDir: '/srv/web',
        rateLimitWrites: 10,
        rateLimitReads: 20,
        sessionDays: 7,
        maxBodyBytes: 4096,
      },
    });
  });

  it('treats an empty value as unset', () => {
    const result = loadConfig({ DATABASE_URL: '', PORT: '' });
    expect(result.ok && result.config.databaseUrl).toBeUndefined();
    expect(result.ok && result.config.port).toBe(3000);
  });

  it('lists every bad key at once', () => {
    const result = loadConfig({
      PORT: 'eighty',
      DATABASE_URL: 'mysql://nope',
      SIGNUP: 'maybe',
      PUBLIC_ORIGIN: 'https://ok.example, not an origin',
      LOG_LEVEL: 'loud',
      RATE_LIMIT_WRITES: '0',
      SESSION_DAYS: '1.5',
    });
    expect(result.ok).toBe(false);
    const keys = result.ok ? [] : result.errors.map((e) => e.key);
    expect(keys.sort()).toEqual(
      [
        'DATABASE_URL',
        'LOG_LEVEL',
        'PORT',
        'PUBLIC_ORIGIN',
        'RATE_LIMIT_WRITES',
        'SESSION_DAYS',
        'SIGNUP',
      ].sort(),
    );
    expect(result.ok ? [] : result.errors).toContainEqual({
      key: 'PORT',
      message: 'PORT must be a whole number.',
    });
  });
});
