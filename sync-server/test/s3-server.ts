import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { S3Settings } from '../src/config.ts';

/**
 * A throw-away S3-compatible server (s3rver) for tests and benchmarks, with one empty bucket.
 * s3rver accepts any well-formed SigV4 signature (it only checks the access key id), so tests
 * of what S3 itself would refuse look at the presigned URL instead.
 */
export type TestS3 = {
  endpoint: string;
  region: string;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** What BLOB_DRIVER=s3 and the S3_* settings would give for this server. */
  settings: S3Settings;
  stop: () => Promise<void>;
};

/** s3rver's one built-in account. */
const credentials = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

/**
 * `corsOrigins`: origins browsers may PUT and GET from (`*` for any), as a bucket's CORS rules
 * would allow; without it the bucket answers no CORS preflight, like a bucket with no rules.
 */
export async function startTestS3(
  bucket = 'bedside-test',
  options: { corsOrigins?: string[] } = {},
): Promise<TestS3> {
  const dir = mkdtempSync(path.join(tmpdir(), 'bedside-s3-'));
  // The bucket's objects under data/, its configuration files beside.
  const dataDir = path.join(dir, 'data');
  mkdirSync(dataDir);
  const bucketConfigs: string[] = [];
  if (options.corsOrigins) {
    const file = path.join(dir, 'cors.xml');
    writeFileSync(file, corsXml(options.corsOrigins));
    bucketConfigs.push(file);
  }
  const require = createRequire(import.meta.url);
  const bin = path.join(path.dirname(require.resolve('s3rver/package.json')), 'bin', 's3rver.js');
  // s3rver makes list continuation tokens with DES, which OpenSSL 3 keeps in its legacy provider.
  // Port 0 and reading the port back leaves no window for another process to take it.
  const child = spawn(
    process.execPath,
    [
      bin,
      '--directory',
      dataDir,
      '--address',
      '127.0.0.1',
      '--port',
      '0',
      '--silent',
      '--no-vhost-buckets',
      '--configure-bucket',
      bucket,
      ...bucketConfigs,
    ],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, NODE_OPTIONS: '--openssl-legacy-provider' },
    },
  );
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  let output = '';
  const port = await new Promise<number>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on [^:\s]+:(\d+)/.exec(output);
      if (match) resolve(Number(match[1]));
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => reject(new Error(`s3rver exited (${code}):\n${output}`)));
    child.once('error', reject);
  });

  const endpoint = `http://127.0.0.1:${port}`;
  const region = 'us-east-1';
  return {
    endpoint,
    region,
    bucket,
    ...credentials,
    settings: {
      endpoint,
      publicEndpoint: undefined,
      region,
      bucket,
      forcePathStyle: true,
      ...credentials,
    },
    stop: async () => {
      process.off('exit', killOnExit);
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function corsXml(origins: string[]): string {
  const allowed = origins.map((origin) => `<AllowedOrigin>${origin}</AllowedOrigin>`).join('');
  return `<CORSConfiguration><CORSRule>${allowed}
    <AllowedMethod>GET</AllowedMethod><AllowedMethod>PUT</AllowedMethod><AllowedMethod>HEAD</AllowedMethod>
    <AllowedHeader>*</AllowedHeader><MaxAgeSeconds>600</MaxAgeSeconds>
  </CORSRule></CORSConfiguration>`;
}
