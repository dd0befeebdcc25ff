import { Hono } from 'hono';
import { UploadUrlRequest } from '@bedside/shared';
import {
  completeUpload,
  photoContentUrl,
  requestUploadUrl,
} from '../domain/photos/photo-uploads.ts';
import type { AppEnv } from '../http/app-env.ts';
import { readJson } from '../http/json-body.ts';
import { ProblemError } from '../http/problem.ts';
import { requireCapability } from '../http/capability.ts';
import { actorOf } from '../http/session.ts';
import type { RouteContext } from './route-context.ts';

/**
 * The bytes of a synced photo row: ask for an upload URL, say the upload is done, fetch the
 * content. The bytes themselves go straight to the store through signed URLs.
 */
export function photoRoutes({ deps, blobs }: RouteContext) {
  const blobDeps = { ...deps, blobs };
  return new Hono<AppEnv>()
    .post('/:id/upload-url', async (c) => {
      requireCapability(c, 'photos.add');
      const actor = actorOf(c);
      const request = await readJson(c, UploadUrlRequest);
      const result = await requestUploadUrl(blobDeps, actor, c.req.param('id'), request);
      if (!result.ok) throw new ProblemError(result.problem);
      return c.json(result.value);
    })
    .post('/:id/complete', async (c) => {
      requireCapability(c, 'photos.add');
      const result = await completeUpload(blobDeps, actorOf(c), c.req.param('id'));
      if (!result.ok) throw new ProblemError(result.problem);
      return c.json(result.value);
    })
    .get('/:id/content', async (c) => {
      requireCapability(c, 'photos.read');
      const result = await photoContentUrl(blobDeps, actorOf(c), c.req.param('id'));
      if (!result.ok) throw new ProblemError(result.problem);
      c.header('Cache-Control', 'no-store');
      return c.redirect(result.value, 302);
    });
}
