import http from 'node:http';
import type { Socket } from 'node:net';
import { freePort } from './free-port.ts';

/**
 * A device's network: a small reverse proxy between one browser context and the sync server.
 * `offline` refuses every connection (the service worker is cut off too, which the browser's
 * own offline emulation does not do); `failWith500(path)` makes the server's answer a 500.
 */
export type NetworkGate = {
  url: string;
  goOffline(): void;
  goOnline(): void;
  failWith500(pathPrefix: string | null): void;
  /** Requests the gate answered with a 500 so far. */
  failedCount(): number;
  close(): Promise<void>;
};

export async function openNetworkGate(target: string): Promise<NetworkGate> {
  const upstream = new URL(target);
  const sockets = new Set<Socket>();
  let offline = false;
  let failing: string | null = null;
  let failed = 0;

  const server = http.createServer((req, res) => {
    if (failing && req.url?.startsWith(failing)) {
      failed++;
      req.resume();
      res.writeHead(500, { 'content-type': 'application/problem+json' });
      res.end(JSON.stringify({ type: 'about:blank', title: 'Internal Server Error', status: 500 }));
      return;
    }
    const forward = http.request(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: req.method,
        path: req.url,
        headers: req.headers,
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
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
    close() {
      for (const socket of sockets) socket.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
