import {
  CopyObjectCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
  paginateListObjectsV2,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { S3Settings } from '../../config.ts';
import type { Clock } from '../../clock.ts';
import { BlobNotFoundError, type BlobStore } from './blob-store.ts';
import {
  checkedDownloadKey,
  checkedKey,
  checkedUploadKey,
  isKeyPrefix,
  isObjectKey,
  isStagingKey,
} from './object-keys.ts';

/** Every object is encrypted at rest by the bucket's own key (SSE-S3). */
const serverSideEncryption = 'AES256';

/**
 * AWS S3 or any S3-compatible server (MinIO). Devices PUT and GET the bytes straight to the
 * bucket with presigned URLs; the server only signs, inspects, lists and deletes.
 */
export function createS3BlobStore(
  settings: S3Settings,
  options: { clock?: Clock; listPageSize?: number } = {},
): BlobStore {
  const { bucket } = settings;
  const clock = options.clock ?? (() => new Date());
  const client = s3Client(settings, settings.endpoint);
  // A presigned URL signs its host, so it is made for the address the browser will use.
  const presigner = settings.publicEndpoint ? s3Client(settings, settings.publicEndpoint) : client;

  return {
    driver: 's3',

    async presignUpload(key, { contentType, size, expiresInSeconds }) {
      const signingDate = clock();
      const command = new PutObjectCommand({
        Bucket: bucket,
        Key: checkedUploadKey(key),
        ContentType: contentType,
        // Signed: S3 refuses a body of any other length, or sent as any other type.
        ContentLength: size,
        ServerSideEncryption: serverSideEncryption,
      });
      const url = await getSignedUrl(presigner, command, {
        expiresIn: expiresInSeconds,
        signingDate,
        // The presigner leaves content-type unsigned unless told otherwise.
        signableHeaders: new Set(['content-type']),
      });
      return {
        url,
        method: 'PUT',
        // What the browser must send; Content-Length it sets by itself.
        headers: {
          'Content-Type': contentType,
          'x-amz-server-side-encryption': serverSideEncryption,
        },
        expiresAt: new Date(signingDate.getTime() + expiresInSeconds * 1000).toISOString(),
      };
    },

    // `size` cannot be signed into a GET; the caller checks it with `head` before signing.
    async presignDownload(key, { expiresInSeconds, contentType }) {
      const command = new GetObjectCommand({
        Bucket: bucket,
        Key: checkedDownloadKey(key),
        ResponseContentType: contentType,
        ResponseCacheControl: 'private, no-store',
      });
      return getSignedUrl(presigner, command, {
        expiresIn: expiresInSeconds,
        signingDate: clock(),
      });
    },

    async head(key) {
      try {
        const head = await client.send(
          new HeadObjectCommand({ Bucket: bucket, Key: checkedKey(key) }),
        );
        return { size: head.ContentLength ?? 0, contentType: head.ContentType };
      } catch (error) {
        if (hasStatus(error, 404)) return undefined;
        throw error;
      }
    },

    async readStart(key, bytes) {
      const Key = checkedKey(key);
      if (bytes <= 0) return new Uint8Array(0);
      try {
        const object = await client.send(
          new GetObjectCommand({ Bucket: bucket, Key, Range: `bytes=0-${bytes - 1}` }),
        );
        const body = (await object.Body?.transformToByteArray()) ?? new Uint8Array(0);
        return body.subarray(0, bytes);
      } catch (error) {
        if (hasStatus(error, 404)) throw new BlobNotFoundError();
        // A range of an empty object is "not satisfiable": there are no first bytes.
        if (hasStatus(error, 416)) return new Uint8Array(0);
        throw error;
      }
    },

    async move(from, to) {
      try {
        // A copy inside the bucket reads one whole version of `from`, whatever PUT comes next.
        await client.send(
          new CopyObjectCommand({
            Bucket: bucket,
            Key: checkedKey(to),
            CopySource: `${bucket}/${checkedKey(from)}`,
            ServerSideEncryption: serverSideEncryption,
          }),
        );
      } catch (error) {
        if (hasStatus(error, 404)) return false;
        throw error;
      }
      await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: from }));
      return true;
    },

    async delete(key) {
      await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: checkedKey(key) }));
    },

    async *list(prefix) {
      if (!isKeyPrefix(prefix)) throw new Error('Not a valid object key prefix.');
      const pages = paginateListObjectsV2(
        { client, pageSize: options.listPageSize ?? 1000 },
        { Bucket: bucket, Prefix: prefix },
      );
      for await (const page of pages) {
        for (const object of page.Contents ?? []) {
          // Anything else in the bucket is not ours to collect.
          const key = object.Key;
          if (key === undefined || !(isObjectKey(key) || isStagingKey(key))) continue;
          yield {
            key,
            size: object.Size ?? 0,
            lastModified: object.LastModified ?? new Date(0),
          };
        }
      }
    },
  };
}

function s3Client(settings: S3Settings, endpoint: string | undefined): S3Client {
  return new S3Client({
    endpoint,
    region: settings.region,
    forcePathStyle: settings.forcePathStyle,
    credentials: {
      accessKeyId: settings.accessKeyId,
      secretAccessKey: settings.secretAccessKey,
    },
    // The SDK would otherwise add CRC32 checksum parameters to presigned URLs, which a browser
    // PUT cannot satisfy, and which some S3-compatible servers reject.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
}

function hasStatus(error: unknown, status: number): boolean {
  return error instanceof S3ServiceException && error.$metadata.httpStatusCode === status;
}
