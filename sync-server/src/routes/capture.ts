import { Hono } from 'hono';
import * as v from 'valibot';
import { CapturePhotoUploadRequest } from '@bedside/shared';
import { captureSessionForPhone, openCaptureSession } from '../domain/capture/capture-phone.ts';
import {
  completeCaptureUpload,
  requestCaptureUploadUrl,
} from '../domain/capture/capture-uploads.ts';
import type { AppEnv } from '../http/app-env.ts';
import { requireCaptureCredential } from '../http/capture-credential.ts';
import { readJson } from '../http/json-body.ts';
import { ProblemError } from '../http/problem.ts';
import type { RouteContext } from './route-context.ts';

/**
 * A malformed code is checked by the domain, which answers it like an unknown one: the phone
 * shows that sentence rather than a form error for a link it did not type.
 */
const OpenBody = v.strictObject({ token: v.string('The code must be text.') });

/**
 * The phone's side of a capture session, with no Bedside sign-in: exchange the QR code's token
 * for a credential, then, with `Authorization: Bearer <credential>`, resume and send photos.
 */
export function captureRoutes({ deps, blobs }: RouteContext) {
  const blobDeps = { ...deps, blobs };
  return new Hono<AppEnv>()
    .post('/open', async (c) => {
      const { token } = await readJson(c, OpenBody);
      const result = await openCaptureSession(deps, {
        token,
        signedInClinicId: c.get('session')?.clinic.id,
        requestId: c.get('requestId'),
      });
      if (!result.ok) throw new ProblemError(result.problem);
      return c.json(result.value);
    })
    .get('/session', async (c) => {
      const phone = await requireCaptureCredential(c, deps);
      return c.json(await captureSessionForPhone(deps, phone.session));
    })
    .post('/photos/:id/upload-url', async (c) => {
      const phone = await requireCaptureCredential(c, deps);
      const request = await readJson(c, CapturePhotoUploadRequest);
      const result = await requestCaptureUploadUrl(blobDeps, phone, c.req.param('id'), request);
      if (!result.ok) throw new ProblemError(result.problem);
      return c.json(result.value);
    })
    .post('/photos/:id/complete', async (c) => {
      const phone = await requireCaptureCredential(c, deps);
      const result = await completeCaptureUpload(blobDeps, phone, c.req.param('id'));
      if (!result.ok) throw new ProblemError(result.problem);
      return c.json(result.value);
    });
}
