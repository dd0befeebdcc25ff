import type { Context } from 'hono';
import type { AppEnv } from './app-env.ts';

/**
 * The origin the client used to reach us: scheme from X-Forwarded-Proto when a proxy terminates
 * TLS, host from the Host header. A forged header only changes what this request must match.
 */
export function requestOrigin(c: Context<AppEnv>): string {
  const url = new URL(c.req.url);
  const forwardedProto = c.req.header('x-forwarded-proto')?.split(',')[0]?.trim().toLowerCase();
  const scheme =
    forwardedProto === 'https' || forwardedProto === 'http'
      ? forwardedProto
      : url.protocol.slice(0, -1);
  const host = c.req.header('host') ?? url.host;
  return `${scheme}://${host}`;
}

export function isHttps(c: Context<AppEnv>): boolean {
  return requestOrigin(c).startsWith('https:');
}

/** The peer's address for per-IP limits; 'local' when there is no socket (in-process requests). */
export function clientAddress(c: Context<AppEnv>): string {
  return c.env?.incoming?.socket.remoteAddress ?? 'local';
}
