import http from 'node:http';
import type { IncomingHttpHeaders } from 'node:http';
import type { Socket } from 'node:net';
import { freePort } from '../sync-server/test/postgres-server.ts';

/**
 * A device's network: a small reverse proxy between one browser context and the sync server.
 * `offline` refuses every connection (the service worker is cut off too, which the browser's
 * own offline emulation does not do); `failWith500(path)` makes the server's answer a 500;
 * `rewriteBody(path, rewrite)` hands the browser a changed body for one path, as a new deploy would.
 */
export type NetworkGate = {
  url: string;
  goOffline(): void;
  goOnline(): void;
  failWith500(pathPrefix: string | null): void;
  /** Requests the gate answered with a 500 so far. */
  failedCount(): number;
  /**
   * From now on, the body the server sends for `pathname` (query ignored) reaches the browser
   * as `rewrite(body)`, always in full (never a 304); null stops rewriting.
   */
  rewriteBody(pathname: string, rewrite: ((body: string) => string) | null): void;
  close(): Promise<void>;
};

export async function openNetworkGate(target: string): Promise<NetworkGate> {
  const upstream = new URL(target);
  const sockets = new Set<Socket>();
  let offline = false;
  let failing: string | null = null;
  let failed = 0;
  const rewrites = new Map<string, (body: string) => string>();

  const server = http.createServer((req, res) => {
    if (failing && req.url?.startsWith(failing)) {
      failed++;
      req.resume();
      res.writeHead(500, { 'content-type': 'application/problem+json' });
      res.end(JSON.stringify({ type: 'about:blank', title: 'Internal Server Error', status: 500 }));
      return;
    }
    const rewrite = rewrites.get(new URL(req.url ?? '/', 'http://gate').pathname);
    const forward = http.request(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: req.method,
        path: req.url,
        headers: rewrite ? plainFullRequest(req.headers) : req.headers,
      },
      (answer) => {
        if (!rewrite) {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
          return;
        }
        const chunks: Buffer[] = [];
        answer.on('data', (chunk: Buffer) => chunks.push(chunk));
        answer.on('end', () => {
          const body = Buffer.from(rewrite(Buffer.concat(chunks).toString('utf8')), 'utf8');
          res.writeHead(answer.statusCode ?? 502, rewrittenHeaders(answer.headers, body.length));
          res.end(body);
        });
      },
    );
    forward.on('error', () => res.destroy());
    req.pipe(forward);
  });
  server.on('connection', (socket) => {
    if (offline) {
      socket.destroy();
      return;
    }
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));

  return {
    url: `http://127.0.0.1:${port}`,
    goOffline() {
      offline = true;
      for (const socket of sockets) socket.destroy();
    },
    goOnline() {
      offline = false;
    },
    failWith500(pathPrefix) {
      failing = pathPrefix;
    },
    failedCount: () => failed,
    rewriteBody(pathname, rewrite) {
      if (rewrite) rewrites.set(pathname, rewrite);
      else rewrites.delete(pathname);
    },
    close() {
      for (const socket of sockets) socket.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

/** Asks the server for the whole body, uncompressed, so it can be rewritten as text. */
function plainFullRequest(headers: IncomingHttpHeaders): IncomingHttpHeaders {
  const {
    'if-none-match': _etag,
    'if-modified-since': _modified,
    'accept-encoding': _encoding,
    ...rest
  } = headers;
  return rest;
}

/** The server's headers, minus those that described the body before it was rewritten. */
function rewrittenHeaders(headers: IncomingHttpHeaders, length: number): IncomingHttpHeaders {
  const {
    'content-length': _length,
    'content-encoding': _encoding,
    'transfer-encoding': _transfer,
    etag: _etag,
    'last-modified': _modified,
    ...rest
  } = headers;
  return { ...rest, 'content-length': String(length) };
}
