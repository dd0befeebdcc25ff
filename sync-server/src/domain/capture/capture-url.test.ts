import { describe, expect, it } from 'vitest';
import { captureOrigin, captureUrl, isLoopback } from './capture-url.ts';

describe('the origin of a capture link', () => {
  const lan = ['192.168.1.20', '10.0.0.5'];

  it('prefers the first configured public origin', () => {
    expect(
      captureOrigin({
        publicOrigins: ['https://clinic.example.org', 'https://other.example.org'],
        requestOrigin: 'http://localhost:3000',
        lanAddresses: lan,
      }),
    ).toEqual({ origin: 'https://clinic.example.org', reachableFromPhone: true });
  });

  it("uses the desktop's own origin when it is not this computer's loopback", () => {
    for (const requestOrigin of ['http://192.168.1.20:3000', 'https://bedside.clinic.lan']) {
      expect(captureOrigin({ publicOrigins: [], requestOrigin, lanAddresses: lan })).toEqual({
        origin: requestOrigin,
        reachableFromPhone: true,
      });
    }
  });

  it('swaps a loopback origin for the first LAN address on the same port', () => {
    const from = (requestOrigin: string) =>
      captureOrigin({ publicOrigins: [], requestOrigin, lanAddresses: lan }).origin;
    expect(from('http://localhost:3000')).toBe('http://192.168.1.20:3000');
    expect(from('http://127.0.0.1:8080')).toBe('http://192.168.1.20:8080');
    expect(from('http://[::1]:3000')).toBe('http://192.168.1.20:3000');
    expect(from('http://localhost')).toBe('http://192.168.1.20');
  });

  it('stays on localhost, marked unreachable, when there is no LAN address', () => {
    expect(
      captureOrigin({
        publicOrigins: [],
        requestOrigin: 'http://localhost:3000',
        lanAddresses: [],
      }),
    ).toEqual({ origin: 'http://localhost:3000', reachableFromPhone: false });
  });

  it('tells loopback names from others', () => {
    for (const host of [
      'localhost',
      'LOCALHOST',
      'app.localhost',
      '127.0.0.1',
      '127.1.2.3',
      '[::1]',
    ])
      expect(isLoopback(host)).toBe(true);
    for (const host of ['192.168.1.20', 'localhost.example.org', 'bedside', '[::2]', '128.0.0.1'])
      expect(isLoopback(host)).toBe(false);
  });

  it('puts the token after /capture/', () => {
    expect(captureUrl('http://192.168.1.20:3000', 'abc')).toBe(
      'http://192.168.1.20:3000/capture/abc',
    );
  });
});
