import { Hono } from 'hono';
import { makeProblem } from '@bedside/shared';
import type { AppEnv } from '../http/app-env.ts';
import { ProblemError } from '../http/problem.ts';
import type { BlobHead, BlobStore } from '../storage/blobs/blob-store.ts';
import { isDiskBlobStore, type DiskBlobStore } from '../storage/blobs/disk-blob-store.ts';

/**
 * The disk driver's signed URLs, `/api/blobs/<token>`: the token is the whole credential (no
 * session, so a capture phone can use it too), and says which object, which method, which
 * content type and how many bytes. With the S3 driver devices talk to the bucket and there is
 * nothing here.
 */
export function blobUrlRoutes(blobs: BlobStore) {
  const app = new Hono<AppEnv>();
  if (!isDiskBlobStore(blobs)) return app;

  return app
    .put('/:token', async (c) => {
      const { key, contentType, maxBytes } = claimsOf(blobs, c.req.param('token'), 'PUT');
      const sentType = (c.req.header('content-type') ?? '').trim().toLowerCase();
      if (sentType !== contentType.toLowerCase()) {
        throw new ProblemError(
          makeProblem(
            'unsupported-media-type',
            415,
            `Send the file as ${contentType}, the type this upload link was made for.`,
          ),
        );
      }
      const announced = Number(c.req.header('content-length') ?? 0);
      const stored =
        announced > maxBytes
          ? 'too-large'
          : await blobs.receive(key, c.req.raw.body ?? noBytes(), { contentType, maxBytes });
      if (stored === 'too-large') {
        throw new ProblemError(
          makeProblem(
            'payload-too-large',
            413,
            `The file is larger than the ${maxBytes} bytes this upload link was made for.`,
          ),
        );
      }
      return c.body(null, 204);
    })
    .get('/:token', async (c) => {
      // `maxBytes` of a GET: the size the object had when the link was made (0: any size).
      const { key, contentType, maxBytes } = claimsOf(blobs, c.req.param('token'), 'GET');
      const changed = (object: BlobHead) => maxBytes > 0 && object.size !== maxBytes;
      // HEAD runs this handler too; it must not open a stream nobody reads.
      if (c.req.method === 'HEAD') {
        const head = await blobs.head(key);
        if (!head) return notThere();
        if (changed(head)) return changedSince();
        return c.body(null, 200, downloadHeaders(head, contentType));
      }
      const object = await blobs.openRead(key);
      if (!object) return notThere();
      if (changed(object)) {
        await object.body.cancel();
        return changedSince();
      }
      return c.body(object.body, 200, downloadHeaders(object, contentType));
    });
}

function downloadHeaders(object: BlobHead, signedType: string): Record<string, string> {
  return {
    'Content-Type': signedType || object.contentType || 'application/octet-stream',
    'Content-Length': String(object.size),
    'Cache-Control': 'private, no-store',
    'X-Content-Type-Options': 'nosniff',
  };
}

function notThere(): never {
  throw new ProblemError(makeProblem('not-found', 404, 'This file is not there.'));
}

function changedSince(): never {
  throw new ProblemError(
    makeProblem('conflict', 409, 'This file has changed since its link was made.'),
  );
}

function claimsOf(blobs: DiskBlobStore, token: string, method: 'PUT' | 'GET') {
  const check = blobs.checkToken(token, method);
  if (check.ok) return check.claims;
  throw new ProblemError(
    makeProblem(
      'forbidden',
      403,
      check.reason === 'expired'
        ? 'This file link has expired. Please try again.'
        : 'This file link is not valid.',
    ),
  );
}

async function* noBytes(): AsyncGenerator<Uint8Array> {}
