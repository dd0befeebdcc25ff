import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { problemType } from '@bedside/shared';
import type { Db } from '../storage/db.ts';
import { ApiClient, migratedDb, startBedside } from '../../test/test-app.ts';
import { resolveClient } from './request-info.ts';
import { addressMatcher } from './trusted-proxies.ts';

const trusted = addressMatcher(['10.0.0.0/8']);
const headers = (forwardedFor?: string, forwardedProto?: string) => ({
  forwardedFor,
  forwardedProto,
});

describe('the client behind the proxies', () => {
  it('is the peer, and its forwarded headers are ignored, unless the peer is a trusted proxy', () => {
    expect(resolveClient('203.0.113.9', trusted, headers('198.51.100.1', 'https'))).toEqual({
      address: '203.0.113.9',
      forwardedProto: undefined,
    });
    expect(resolveClient(undefined, trusted, headers('198.51.100.1', 'https'))).toEqual({
      address: 'local',
      forwardedProto: undefined,
    });
    expect(resolveClient('10.0.0.2', trusted, headers('198.51.100.1', 'https'))).toEqual({
      address: '198.51.100.1',
      forwardedProto: 'https',
    });
  });

  it('is the right-most forwarded address that is not itself a trusted proxy', () => {
    // The client wrote 1.1.1.1 itself; the outer proxy appended what it saw, then an inner proxy.
    const chain = headers('1.1.1.1, 198.51.100.1, 10.0.0.3');
    expect(resolveClient('10.0.0.2', trusted, chain).address).toBe('198.51.100.1');
    // Only proxies all the way: the left-most of them.
    expect(resolveClient('10.0.0.2', trusted, headers('10.0.0.4, 10.0.0.3')).address).toBe(
      '10.0.0.4',
    );
    // A proxy that forwarded no address, or something that is not one.
    expect(resolveClient('10.0.0.2', trusted, headers()).address).toBe('10.0.0.2');
    expect(resolveClient('10.0.0.2', trusted, headers('1.1.1.1, unknown')).address).toBe(
      '10.0.0.2',
    );
  });

  it('came over the scheme the first proxy names, when it names http or https', () => {
    const proto = (value: string) =>
      resolveClient('10.0.0.2', trusted, headers(undefined, value)).forwardedProto;
    expect(proto('HTTPS, http')).toBe('https');
    expect(proto('http')).toBe('http');
    expect(proto('gopher')).toBeUndefined();
  });
});

describe('per-IP rate limits behind a trusted proxy', () => {
  let db: Db;
  let bedside: ReturnType<typeof startBedside>;
  beforeAll(async () => {
    db = await migratedDb('pglite');
    bedside = startBedside(db, { config: { rateLimitWrites: 2, trustedProxies: ['10.0.0.1'] } });
  });
  afterAll(async () => {
    await bedside.close();
    await db.close();
  });

  // Signed out, so counted per IP; the body is refused, the request still counts.
  const write = (peer: string, forwardedFor: string) =>
    new ApiClient(bedside.app).post(
      '/api/auth/login',
      {},
      { peer, headers: { 'x-forwarded-for': forwardedFor } },
    );

  it('count each forwarded client on its own, and ignore what an untrusted client forwards', async () => {
    const statuses = async (peer: string, forwardedFor: string[]) => {
      const result: number[] = [];
      for (const address of forwardedFor) result.push((await write(peer, address)).status);
      return result;
    };
    expect(await statuses('10.0.0.1', ['198.51.100.1', '198.51.100.1', '198.51.100.1'])).toEqual([
      422, 422, 429,
    ]);
    expect(await statuses('10.0.0.1', ['198.51.100.2'])).toEqual([422]);
    // A client talking to us directly cannot pose as someone new with each request.
    expect(await statuses('203.0.113.9', ['192.0.2.1', '192.0.2.2', '192.0.2.3'])).toEqual([
      422, 422, 429,
    ]);
    const refused = await write('203.0.113.9', '192.0.2.4');
    expect(await refused.json()).toMatchObject({ type: problemType('rate-limited') });
  });
});
