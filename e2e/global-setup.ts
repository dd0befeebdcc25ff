import { randomBytes } from 'node:crypto';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort, startTestPostgres } from '../sync-server/test/postgres-server.ts';
import { startTestS3 } from '../sync-server/test/s3-server.ts';
import { startSmtpTestServer } from '../sync-server/test/smtp-test-server.ts';

/**
 * One real PostgreSQL, one S3-compatible server (s3rver), one SMTP server (smtp-server, in this
 * process) and one real sync server (serving the built web app, photos in S3, mail to that SMTP
 * server) for the browser tests. Every test makes its own clinic, so tests share the servers
 * without sharing data. Specs find the bucket through BEDSIDE_E2E_S3_* and the messages sent as
 * JSON files in BEDSIDE_E2E_MAIL_DIR.
 */
export default async function globalSetup() {
  const postgres = await startTestPostgres();
  // Each simulated device reaches the app through its own proxy port, so any origin may PUT.
  const s3 = await startTestS3('bedside-e2e', { corsOrigins: ['*'] });
  // Every message the server sends lands as JSON in mailDir, where specs read it (they run in
  // other processes than this SMTP server).
  const mailDir = mkdtempSync(path.join(tmpdir(), 'bedside-e2e-mail-'));
  let mailCount = 0;
  const smtp = await startSmtpTestServer({
    onMessage(message) {
      const mail = {
        to: message.to && 'text' in message.to ? message.to.text : '',
        subject: message.subject ?? '',
        text: message.text ?? '',
        attachments: message.attachments.map((each) => ({
          filename: each.filename ?? '',
          content: each.content.toString('utf8'),
        })),
      };
      writeFileSync(
        path.join(mailDir, `${String(++mailCount).padStart(5, '0')}.json`),
        JSON.stringify(mail),
      );
    },
  });
  const port = await freePort();
  const dataDir = mkdtempSync(path.join(tmpdir(), 'bedside-e2e-'));
  const server = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: path.resolve(import.meta.dirname, '../sync-server'),
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: postgres.url,
      // PHI at rest needs a master key on PostgreSQL; a fresh one per run.
      MASTER_KEY: randomBytes(32).toString('base64'),
      DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      // A new clinic's first nightly cleanup (the last 03:00, missed) runs within seconds.
      JOB_TICK_SECONDS: '5',
      // Reminders are looked for every 10 s, so one booked for a minute's time arrives in the test.
      REMINDER_PERIOD_SECONDS: '10',
      SMTP_URL: smtp.url,
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      BLOB_DRIVER: 's3',
      S3_ENDPOINT: s3.endpoint,
      S3_BUCKET: s3.bucket,
      S3_REGION: s3.region,
      S3_ACCESS_KEY_ID: s3.accessKeyId,
      S3_SECRET_ACCESS_KEY: s3.secretAccessKey,
      S3_FORCE_PATH_STYLE: 'true',
      // The SDK's one start-up notice about Node.js versions it will drop; nothing to act on.
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  await waitForHealth(url, server);
  process.env.BEDSIDE_URL = url;
  // Specs list the bucket with these (e.g. createS3BlobStore or an S3Client) and read the rows
  // with BEDSIDE_E2E_DATABASE_URL.
  process.env.BEDSIDE_E2E_S3_ENDPOINT = s3.endpoint;
  process.env.BEDSIDE_E2E_S3_BUCKET = s3.bucket;
  process.env.BEDSIDE_E2E_S3_REGION = s3.region;
  process.env.BEDSIDE_E2E_S3_ACCESS_KEY_ID = s3.accessKeyId;
  process.env.BEDSIDE_E2E_S3_SECRET_ACCESS_KEY = s3.secretAccessKey;
  process.env.BEDSIDE_E2E_DATABASE_URL = postgres.url;
  process.env.BEDSIDE_E2E_MAIL_DIR = mailDir;
  return async () => {
    await stop(server);
    await s3.stop();
    await smtp.stop();
    await postgres.stop();
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(mailDir, { recursive: true, force: true });
  };
}

async function waitForHealth(url: string, server: ChildProcess): Promise<void> {
  for (let attempt = 0; attempt < 300; attempt++) {
    if (server.exitCode !== null) throw new Error(`sync server exited with ${server.exitCode}`);
    try {
      const response = await fetch(`${url}/api/health`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('sync server did not become healthy');
}

function stop(server: ChildProcess): Promise<void> {
  if (server.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    server.once('exit', () => resolve());
    server.kill('SIGTERM');
  });
}
