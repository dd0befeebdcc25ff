/**
 * The phone's capture routes and the object storage behind them, in memory, with the
 * contract's statuses and sentences: `fetch` and `XMLHttpRequest` to stub the globals with.
 * Replies can be scripted per route ("the next complete answers 503", "no answer at all").
 */
import { vi } from 'vitest';
import { fakeXhrClass } from '$lib/capture/upload/testing/fake-xhr';
import {
  makeProblem,
  type CaptureOpened,
  type CapturePhotoUploadRequest,
  type CaptureSessionForPhone,
  type Problem,
  type UploadUrlResponse,
} from '@bedside/shared';

export type FakeReply = { status: number; body?: unknown } | 'network-error';
type Route = 'open' | 'session' | 'upload-url' | 'complete';

const STORAGE_ORIGIN = 'http://storage.test';

export const SENTENCES = {
  unknown: 'This code is not valid. Show a new code on the computer and scan it again.',
  used: 'This code has already been used. Each code opens once: show a new code on the computer and scan it again.',
  ended:
    'This capture session was ended on the computer. Start a new one there to send more photos.',
  unauthorized:
    'This phone is no longer connected to a capture session. Scan a new code on the computer.',
  limit:
    'This session has reached its limit of 20 photos. Start a new session on the computer to send more.',
};

export function createFakeCaptureServer(options: { uploadedBefore?: string[] } = {}) {
  const token = 'T'.repeat(43);
  const credential = 'C'.repeat(43);
  const session: CaptureSessionForPhone = {
    sessionId: '01900000-0000-7000-8000-0000000000aa',
    clinicName: 'Harbour Physio',
    patientInitials: 'J. D.',
    recordTitle: 'Wound assessment',
    imageLimit: 20,
    expiresAt: new Date(Date.now() + 2 * 3_600_000).toISOString(),
    uploadedPhotoIds: [...(options.uploadedBefore ?? [])],
  };
  const state = { opened: false, ended: false };
  const reservations = new Map<string, CapturePhotoUploadRequest>();
  const objects = new Map<string, ArrayBuffer>();
  const validUrls = new Set<string>();
  const requests: { method: string; path: string; body: unknown; authorization: string }[] = [];
  const scripted = new Map<Route, FakeReply[]>();
  const putReplies: (number | 'network-error')[] = [];
  const concurrency = { now: 0, max: 0 };
  let issued = 0;

  const problem = (body: Problem): FakeReply => ({ status: body.status, body });
  const ok = (body: unknown): FakeReply => ({ status: 200, body });

  function open(body: { token?: string }): FakeReply {
    if (body.token !== token)
      return problem(makeProblem('capture-token-unknown', 404, SENTENCES.unknown));
    if (state.ended) return problem(makeProblem('capture-session-ended', 410, SENTENCES.ended));
    if (state.opened) return problem(makeProblem('capture-token-used', 410, SENTENCES.used));
    state.opened = true;
    return ok({ ...session, credential } satisfies CaptureOpened);
  }

  /** The bearer check every route after `open` makes. */
  function authorized(authorization: string): FakeReply | undefined {
    if (!state.opened || authorization !== `Bearer ${credential}`)
      return problem(makeProblem('capture-unauthorized', 401, SENTENCES.unauthorized));
    if (state.ended) return problem(makeProblem('capture-session-ended', 410, SENTENCES.ended));
    return undefined;
  }

  function uploadUrl(id: string, body: CapturePhotoUploadRequest): FakeReply {
    const reserved = reservations.get(id);
    if (reserved && JSON.stringify(reserved) !== JSON.stringify(body))
      return problem(makeProblem('conflict', 409, 'This photo id is already used.'));
    if (session.uploadedPhotoIds.includes(id)) return ok({ status: 'uploaded' });
    const taken = new Set([...session.uploadedPhotoIds, ...reservations.keys()]);
    if (!reserved && taken.size >= session.imageLimit)
      return problem(makeProblem('capture-limit', 409, SENTENCES.limit));
    reservations.set(id, body);
    const url = `${STORAGE_ORIGIN}/objects/${id}?token=${++issued}`;
    validUrls.add(url);
    const upload = {
      url,
      method: 'PUT' as const,
      headers: { 'Content-Type': body.contentType },
      expiresAt: new Date(Date.now() + 15 * 60_000).toISOString(),
    };
    return ok({ status: 'upload', upload } satisfies UploadUrlResponse);
  }

  function complete(id: string): FakeReply {
    if (!session.uploadedPhotoIds.includes(id)) {
      if (!reservations.has(id) || !objects.has(id))
        return problem(
          makeProblem('upload-missing', 409, 'The upload did not arrive; sending it again.'),
        );
      session.uploadedPhotoIds.push(id);
    }
    return ok({ photoId: id, uploadedPhotoIds: [...session.uploadedPhotoIds] });
  }

  function route(method: string, path: string): { route: Route; id: string } | undefined {
    if (method === 'POST' && path === '/api/capture/open') return { route: 'open', id: '' };
    if (method === 'GET' && path === '/api/capture/session') return { route: 'session', id: '' };
    const match = /^\/api\/capture\/photos\/([^/]+)\/(upload-url|complete)$/.exec(path);
    if (method !== 'POST' || !match) return undefined;
    return { route: match[2] === 'complete' ? 'complete' : 'upload-url', id: match[1] ?? '' };
  }

  function answer(found: { route: Route; id: string }, body: unknown, authorization: string) {
    const next = scripted.get(found.route)?.shift();
    if (next) {
      if (next !== 'network-error' && next.status === 422) {
        objects.delete(found.id);
        reservations.delete(found.id);
      }
      return next;
    }
    if (found.route === 'open') return open(body as { token?: string });
    const refused = authorized(authorization);
    if (refused) return refused;
    if (found.route === 'session')
      return ok({ ...session, uploadedPhotoIds: [...session.uploadedPhotoIds] });
    if (found.route === 'upload-url') return uploadUrl(found.id, body as CapturePhotoUploadRequest);
    return complete(found.id);
  }

  const fetch = vi.fn(async (input: string | URL | Request, init?: RequestInit) => {
    const url = new URL(String(input), 'http://bedside.test');
    const method = init?.method ?? 'GET';
    const body: unknown = typeof init?.body === 'string' ? JSON.parse(init.body) : undefined;
    const authorization = new Headers(init?.headers).get('Authorization') ?? '';
    requests.push({ method, path: url.pathname, body, authorization });
    const found = route(method, url.pathname);
    const reply = found
      ? answer(found, body, authorization)
      : problem(makeProblem('not-found', 404, 'No such route.'));
    if (reply === 'network-error') throw new TypeError('fetch failed');
    return new Response(reply.body === undefined ? null : JSON.stringify(reply.body), {
      status: reply.status,
      headers: {
        'Content-Type': reply.status >= 400 ? 'application/problem+json' : 'application/json',
      },
    });
  });

  async function put(url: string, bytes: ArrayBuffer, progress: (loaded: number) => void) {
    concurrency.now++;
    concurrency.max = Math.max(concurrency.max, concurrency.now);
    try {
      await gate.promise;
      progress(Math.floor(bytes.byteLength / 2));
      const scriptedReply = putReplies.shift();
      if (scriptedReply !== undefined) return scriptedReply;
      if (!validUrls.has(url)) return 403;
      progress(bytes.byteLength);
      objects.set(new URL(url).pathname.split('/').at(-1) ?? '', bytes);
      return 200;
    } finally {
      concurrency.now--;
    }
  }

  let gate: { promise: Promise<void> | undefined; started?: () => void } = { promise: undefined };

  const FakeXMLHttpRequest = fakeXhrClass((url, body, progress) => {
    gate.started?.();
    return put(url, body, progress);
  });

  return {
    token,
    credential,
    session,
    fetch,
    XMLHttpRequest: FakeXMLHttpRequest,
    requests,
    objects,
    reservations,
    concurrency,
    /** Requests to the capture routes, as "route id" or "route". */
    calls(): string[] {
      return requests.map((request) => request.path.replace('/api/capture/', ''));
    },
    replyOnce(route: Route, reply: FakeReply) {
      scripted.set(route, [...(scripted.get(route) ?? []), reply]);
    },
    replyToPutOnce(reply: number | 'network-error') {
      putReplies.push(reply);
    },
    /** Every upload URL handed out so far stops working (as after 15 minutes). */
    expireUploadUrls() {
      validUrls.clear();
    },
    /** The phone opened the code before (as after a reload). */
    markOpened() {
      state.opened = true;
    },
    /** The computer ended the session. */
    end() {
      state.ended = true;
    },
    /** Holds every PUT until `release`; `started` resolves once `count` PUTs were sent. */
    holdPuts(count: number) {
      let release: () => void = () => undefined;
      let sent = 0;
      const started = new Promise<void>((resolve) => {
        gate = {
          promise: new Promise<void>((resolveGate) => (release = resolveGate)),
          started: () => {
            if (++sent >= count) resolve();
          },
        };
      });
      return {
        started,
        release: () => {
          release();
          gate = { promise: undefined };
        },
      };
    },
  };
}

export type FakeCaptureServer = ReturnType<typeof createFakeCaptureServer>;
