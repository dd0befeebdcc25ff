import { isIP } from 'node:net';
import type { Context, MiddlewareHandler } from 'hono';
import type { AppEnv } from './app-env.ts';
import { addressMatcher } from './trusted-proxies.ts';

/** Who sent a request and how it reached the first proxy, as far as we can believe it. */
export type ClientInfo = {
  /** For per-IP limits: the peer, or the address a trusted proxy forwarded; 'local' without a socket. */
  address: string;
  /** The scheme a trusted proxy says the client used (`X-Forwarded-Proto`). */
  forwardedProto: 'http' | 'https' | undefined;
};

/**
 * Works out the client once per request. Forwarded headers are believed only when the socket's
 * peer is one of `trustedProxies` (`TRUSTED_PROXIES`); from anyone else they are a client's
 * claim and ignored. In-process requests (`app.request()` in tests) have no peer: untrusted.
 *
 * @example app.use(clientInfo(config.trustedProxies))
 */
export function clientInfo(trustedProxies: readonly string[]): MiddlewareHandler<AppEnv> {
  const trusted = addressMatcher(trustedProxies);
  return async (c, next) => {
    c.set(
      'client',
      resolveClient(c.env?.incoming?.socket.remoteAddress, trusted, {
        forwardedFor: c.req.header('x-forwarded-for'),
        forwardedProto: c.req.header('x-forwarded-proto'),
      }),
    );
    await next();
  };
}

/**
 * The client behind a chain of proxies: walking `X-Forwarded-For` from the right (each proxy
 * appends the address it was reached from), the first address that is not a trusted proxy. Left
 * of that, entries are whatever the client wrote, so they are never read.
 */
export function resolveClient(
  peer: string | undefined,
  trusted: (address: string) => boolean,
  headers: { forwardedFor: string | undefined; forwardedProto: string | undefined },
): ClientInfo {
  if (peer === undefined) return { address: 'local', forwardedProto: undefined };
  if (!trusted(peer)) return { address: peer, forwardedProto: undefined };
  const hops = (headers.forwardedFor ?? '').split(',').map((hop) => hop.trim());
  let address = peer;
  for (let i = hops.length - 1; i >= 0 && trusted(address); i--) {
    const hop = hops[i] ?? '';
    // A proxy that wrote something other than an address: stop at the last one we know.
    if (isIP(hop) === 0) break;
    address = hop;
  }
  const proto = headers.forwardedProto?.split(',')[0]?.trim().toLowerCase();
  return { address, forwardedProto: proto === 'https' || proto === 'http' ? proto : undefined };
}

/** The client's, or without `clientInfo` (routes mounted alone in tests) the socket's, view. */
function clientOf(c: Context<AppEnv>): ClientInfo {
  return (
    c.get('client') ?? {
      address: c.env?.incoming?.socket.remoteAddress ?? 'local',
      forwardedProto: undefined,
    }
  );
}

/**
 * The origin the client used to reach us: scheme from X-Forwarded-Proto when a trusted proxy
 * terminates TLS, host from the Host header. A forged Host only changes what this request must
 * match.
 */
export function requestOrigin(c: Context<AppEnv>): string {
  const url = new URL(c.req.url);
  const scheme = clientOf(c).forwardedProto ?? url.protocol.slice(0, -1);
  const host = c.req.header('host') ?? url.host;
  return `${scheme}://${host}`;
}

export function isHttps(c: Context<AppEnv>): boolean {
  return requestOrigin(c).startsWith('https:');
}

/** The client's address for per-IP limits; 'local' when there is no socket (in-process requests). */
export function clientAddress(c: Context<AppEnv>): string {
  return clientOf(c).address;
}
