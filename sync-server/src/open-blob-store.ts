import type { Clock } from './clock.ts';
import type { Config } from './config.ts';
import type { Logger } from './log.ts';
import type { BlobStore } from './storage/blobs/blob-store.ts';
import { openDiskBlobStore } from './storage/blobs/disk-blob-store.ts';

/** The store the configuration names: local disk under DATA_DIR (the default) or S3. */
export async function openBlobStore(
  config: Config,
  log: Logger,
  options: { clock?: Clock } = {},
): Promise<BlobStore> {
  const blobs = config.blobs;
  const clock = options.clock ?? (() => new Date());
  if (blobs.driver === 's3') {
    log.info({ bucket: blobs.bucket, endpoint: blobs.endpoint }, 'photos and attachments in S3');
    // Loaded only when used: the AWS SDK costs about 15 MiB of resident memory.
    const { createS3BlobStore } = await import('./storage/blobs/s3-blob-store.ts');
    return createS3BlobStore(blobs, { clock });
  }
  log.info('photos and attachments on local disk in the data directory');
  return openDiskBlobStore({
    dataDir: config.dataDir,
    signingSecret: blobs.signingSecret,
    clock,
    log,
  });
}
