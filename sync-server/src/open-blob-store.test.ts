import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { uuidv7 } from 'uuidv7';
import { describe, expect, it } from 'vitest';
import { testConfig } from '../test/test-app.ts';
import { createLogger } from './log.ts';
import { openBlobStore } from './open-blob-store.ts';
import { photoKey } from './storage/blobs/object-keys.ts';

const log = createLogger('silent');
const aPhotoKey = () => photoKey({ clinicId: uuidv7(), patientId: uuidv7(), photoId: uuidv7() });

describe('openBlobStore', () => {
  it('opens the disk store by default, keeping a new signing secret readable only by the server', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'bedside-data-'));
    try {
      const store = await openBlobStore(testConfig({ dataDir }), log);
      expect(store.driver).toBe('disk');
      expect(statSync(path.join(dataDir, 'blob-secret')).mode & 0o777).toBe(0o600);
      const url = await store.presignDownload(aPhotoKey(), { expiresInSeconds: 60 });
      expect(url).toMatch(/^\/api\/blobs\/[\w-]+\.[\w-]+$/);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('opens the S3 store when BLOB_DRIVER is s3', async () => {
    const config = testConfig({
      blobs: {
        driver: 's3',
        endpoint: 'http://127.0.0.1:9',
        publicEndpoint: undefined,
        region: 'eu-central-1',
        bucket: 'bedside',
        accessKeyId: 'id',
        secretAccessKey: 'secret',
        forcePathStyle: true,
      },
    });
    const store = await openBlobStore(config, log);
    expect(store.driver).toBe('s3');
    const url = new URL(await store.presignDownload(aPhotoKey(), { expiresInSeconds: 60 }));
    expect(url.origin).toBe('http://127.0.0.1:9');
    expect(url.pathname.startsWith('/bedside/clinics/')).toBe(true);
  });
});
