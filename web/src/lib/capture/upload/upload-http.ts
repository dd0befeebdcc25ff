import type { Photo, UploadUrlRequest, UploadUrlResponse } from '@bedside/shared';
import { apiFetch, NetworkError } from '$lib/api/client';

/** `POST /api/photos/:id/upload-url`: a presigned PUT, or "the server has these bytes". */
export function requestUploadUrl(
  photoId: string,
  request: UploadUrlRequest,
  signal?: AbortSignal,
): Promise<UploadUrlResponse> {
  return apiFetch<UploadUrlResponse>(`/api/photos/${photoId}/upload-url`, {
    method: 'POST',
    json: request,
    signal,
  });
}

/** `POST /api/photos/:id/complete`: the server checks the object and marks the photo uploaded. */
export async function completeUpload(photoId: string, signal?: AbortSignal): Promise<Photo> {
  const body = await apiFetch<{ photo: Photo }>(`/api/photos/${photoId}/complete`, {
    method: 'POST',
    signal,
  });
  return body.photo;
}

/** The storage answered the PUT with something other than success. */
export class PutRefused extends Error {
  readonly status: number;
  constructor(status: number) {
    super(`The upload was refused (${status}).`);
    this.name = 'PutRefused';
    this.status = status;
  }
}

/**
 * PUTs the bytes to a presigned URL with XMLHttpRequest, the one browser API that reports
 * upload progress. Rejects with `NetworkError` when no answer came (or, the browser being
 * offline, none was asked, as `apiFetch` does), `PutRefused` for a non-2xx answer and an
 * AbortError when `signal` aborts.
 */
export function putBytes(
  url: string,
  headers: Record<string, string>,
  bytes: ArrayBuffer,
  onProgress: (bytesSent: number) => void,
  signal?: AbortSignal,
): Promise<void> {
  return new Promise((resolve, reject) => {
    // Known offline, the PUT can only fail, and the browser would log the failure as an error.
    if (typeof navigator !== 'undefined' && navigator.onLine === false)
      return reject(new NetworkError(new Error('The browser is offline.')));
    const request = new XMLHttpRequest();
    request.open('PUT', url);
    for (const [name, value] of Object.entries(headers)) request.setRequestHeader(name, value);
    request.upload.onprogress = (event) => onProgress(event.loaded);
    request.onload = () =>
      request.status >= 200 && request.status < 300
        ? resolve()
        : reject(new PutRefused(request.status));
    request.onerror = () => reject(new NetworkError(new Error('The upload was interrupted.')));
    request.ontimeout = request.onerror;
    const stopped = () => reject(new DOMException('The upload was stopped.', 'AbortError'));
    request.onabort = stopped;
    if (signal?.aborted) return stopped();
    signal?.addEventListener('abort', () => request.abort(), { once: true });
    request.send(bytes);
  });
}
