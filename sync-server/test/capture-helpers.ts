import type { Hono } from 'hono';
import { uuidv7 } from 'uuidv7';
import type {
  CaptureOpened,
  CaptureSession,
  CaptureSessionCreated,
  Problem,
  UploadUrlResponse,
} from '@bedside/shared';
import type { AppEnv } from '../src/http/app-env.ts';
import type { Timer } from '../src/routes/route-context.ts';
import { jpeg } from './blob-fixtures.ts';
import { putToUrl, sha256Hex } from './photo-helpers.ts';
import { ApiClient, type TestClock } from './test-app.ts';
import { sseReader } from './sse-client.ts';

/**
 * A timer that follows the test clock instead of the wall clock: `fireDue()` fires what the
 * clock has passed; a timer asked for a deadline already passed fires at once, like setTimeout(0).
 */
export function clockTimer(clock: TestClock): { timer: Timer; fireDue(): void } {
  const pending = new Set<{ due: number; fire: () => void }>();
  return {
    timer(ms, fire) {
      if (ms <= 0) {
        const handle = setTimeout(fire, 0);
        return () => clearTimeout(handle);
      }
      const entry = { due: clock().getTime() + ms, fire };
      pending.add(entry);
      return () => pending.delete(entry);
    },
    fireDue() {
      for (const entry of [...pending]) {
        if (entry.due > clock().getTime()) continue;
        pending.delete(entry);
        entry.fire();
      }
    },
  };
}

/** `POST /api/capture-sessions` as the desktop sends it, to `origin` when given (default localhost). */
export async function createCaptureSession(
  api: ApiClient,
  body: { patientId: string; recordId?: string | null },
  origin?: string,
): Promise<{ status: number; body: CaptureSessionCreated & Problem }> {
  const response = origin
    ? await api.post(`${origin}/api/capture-sessions`, body, { headers: { origin } })
    : await api.post('/api/capture-sessions', body);
  return {
    status: response.status,
    body: (await response.json()) as CaptureSessionCreated & Problem,
  };
}

/** A new session for the patient; throws unless it was created. */
export async function newCaptureSession(
  api: ApiClient,
  patientId: string,
  recordId?: string,
): Promise<CaptureSessionCreated> {
  const { status, body } = await createCaptureSession(api, { patientId, recordId });
  if (status !== 201) throw new Error(`capture session not created: ${status} ${body.title}`);
  return body;
}

/** The desktop's event stream of one session, read through the app. */
export async function followCaptureSession(app: Hono<AppEnv>, cookie: string, sessionId: string) {
  const response = await app.request(`/api/capture-sessions/${sessionId}/events`, {
    headers: { cookie },
  });
  const events = sseReader(response);
  return {
    response,
    cancel: () => events.cancel(),
    /** The next `session` snapshot, or undefined once the stream closed. */
    async next(): Promise<CaptureSession | undefined> {
      const event = await events.next();
      if (!event) return undefined;
      if (event.event !== 'session') throw new Error(`unexpected event ${event.event}`);
      return (JSON.parse(event.data) as { session: CaptureSession }).session;
    },
  };
}

/** What a phone declares about a photo before sending it. */
export function capturePhotoRequest(
  bytes: Uint8Array = jpeg(),
  fields: Record<string, unknown> = {},
) {
  return {
    contentType: 'image/jpeg',
    byteSize: bytes.length,
    sha256: sha256Hex(bytes),
    width: 1,
    height: 1,
    capturedAt: '2026-03-01T10:00:00.000Z',
    bodySite: 'Left heel',
    laterality: 'left',
    ...fields,
  };
}

/** A phone with no Bedside sign-in (unless given a cookie): it opens a code, then uses the credential. */
export class Phone {
  readonly api: ApiClient;
  credential: string | undefined;
  constructor(
    readonly app: Hono<AppEnv>,
    cookie?: string,
  ) {
    this.api = new ApiClient(app, cookie);
  }

  async open(token: string): Promise<{ status: number; body: CaptureOpened & Problem }> {
    const response = await this.api.post('/api/capture/open', { token });
    const body = (await response.json()) as CaptureOpened & Problem;
    if (response.status === 200) this.credential = body.credential;
    return { status: response.status, body };
  }

  private headers(): Record<string, string> {
    return this.credential ? { authorization: `Bearer ${this.credential}` } : {};
  }

  get(path: string) {
    return this.api.get(path, { headers: this.headers() });
  }

  post(path: string, json?: unknown) {
    return this.api.post(path, json, { headers: this.headers() });
  }

  askUploadUrl(photoId: string, request: unknown = capturePhotoRequest()) {
    return this.post(`/api/capture/photos/${photoId}/upload-url`, request);
  }

  complete(photoId: string) {
    return this.post(`/api/capture/photos/${photoId}/complete`);
  }

  /** upload-url → PUT → complete for new bytes; every answer returned. */
  async send(
    bytes: Uint8Array = jpeg(),
    fields: Record<string, unknown> = {},
    photoId: string = uuidv7(),
  ) {
    const asked = await this.askUploadUrl(photoId, capturePhotoRequest(bytes, fields));
    // Undefined when the server refused to hand out a URL.
    const answer = asked.ok ? ((await asked.json()) as UploadUrlResponse) : undefined;
    const put =
      answer?.status === 'upload' ? await putToUrl(this.app, answer.upload, bytes) : undefined;
    const complete = await this.complete(photoId);
    return { photoId, asked, answer, put, complete };
  }
}

/** A phone that opened a new session of the patient. */
export async function connectedPhone(
  app: Hono<AppEnv>,
  api: ApiClient,
  patientId: string,
  recordId?: string,
) {
  const created = await newCaptureSession(api, patientId, recordId);
  const phone = new Phone(app);
  const opened = await phone.open(created.token);
  if (opened.status !== 200) throw new Error(`open failed: ${opened.status}`);
  return { phone, created, opened: opened.body };
}
