/**
 * The phone's calls to the capture routes. Only `open` goes without the credential; every other
 * call carries it as a bearer token (the phone has no Bedside session). Errors are the client's
 * `ApiError` (with the server's problem) and `NetworkError`.
 */
import type {
  CaptureOpened,
  CapturePhotoCompleted,
  CapturePhotoUploadRequest,
  CaptureSessionForPhone,
  UploadUrlResponse,
} from '@bedside/shared';
import { apiFetch } from '$lib/api/client';

function bearer(credential: string): Record<string, string> {
  return { Authorization: `Bearer ${credential}` };
}

/** `POST /api/capture/open`: exchanges the code from the QR for this phone's credential. */
export function openCaptureSession(token: string): Promise<CaptureOpened> {
  return apiFetch<CaptureOpened>('/api/capture/open', { method: 'POST', json: { token } });
}

/** `GET /api/capture/session`: the session again after a reload, with the photos it has. */
export function fetchCaptureSession(credential: string): Promise<CaptureSessionForPhone> {
  return apiFetch<CaptureSessionForPhone>('/api/capture/session', {
    headers: bearer(credential),
  });
}

/** `POST /api/capture/photos/:id/upload-url`: reserves a slot and answers where to PUT. */
export function requestCaptureUploadUrl(
  credential: string,
  photoId: string,
  request: CapturePhotoUploadRequest,
  signal?: AbortSignal,
): Promise<UploadUrlResponse> {
  return apiFetch<UploadUrlResponse>(`/api/capture/photos/${photoId}/upload-url`, {
    method: 'POST',
    json: request,
    headers: bearer(credential),
    signal,
  });
}

/** `POST /api/capture/photos/:id/complete`: the server checks the bytes; the photo is sent. */
export function completeCaptureUpload(
  credential: string,
  photoId: string,
  signal?: AbortSignal,
): Promise<CapturePhotoCompleted> {
  return apiFetch<CapturePhotoCompleted>(`/api/capture/photos/${photoId}/complete`, {
    method: 'POST',
    headers: bearer(credential),
    signal,
  });
}
