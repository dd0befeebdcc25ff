import { makeProblem, type CaptureSession, type ProblemCode } from '@bedside/shared';
import { vi } from 'vitest';
import { createdAnswer } from './session-fixtures';

type Reply = { status: number; body: unknown } | 'network-error';
export type FakeRequest = { method: string; path: string; body: unknown; keepalive: boolean };

/**
 * The desktop's side of the capture-session routes, in memory: answers `POST
 * /api/capture-sessions` and `…/end`, and stands in for the browser's EventSource so a test
 * can send `session` events, drop the stream, and see what the page opened and closed.
 */
export function fakeCaptureServer() {
  const requests: FakeRequest[] = [];
  const streams: FakeEventSource[] = [];
  let createReply: Reply = { status: 201, body: createdAnswer() };
  let pendingCreate: Promise<void> | undefined;

  class FakeEventSource extends EventTarget {
    static readonly CONNECTING = 0;
    static readonly OPEN = 1;
    static readonly CLOSED = 2;
    readyState = FakeEventSource.CONNECTING;
    onopen: ((event: Event) => void) | null = null;
    onerror: ((event: Event) => void) | null = null;

    constructor(
      readonly url: string,
      readonly init?: EventSourceInit,
    ) {
      super();
      streams.push(this);
    }

    close() {
      this.readyState = FakeEventSource.CLOSED;
    }

    /** The server answered with a stream. */
    connect() {
      this.readyState = FakeEventSource.OPEN;
      this.onopen?.(new Event('open'));
    }

    send(session: CaptureSession) {
      this.dispatchEvent(new MessageEvent('session', { data: JSON.stringify({ session }) }));
    }

    /** The stream dropped; `gaveUp` is the browser not retrying (an error answer, not a stream). */
    fail(gaveUp = false) {
      this.readyState = gaveUp ? FakeEventSource.CLOSED : FakeEventSource.CONNECTING;
      this.onerror?.(new Event('error'));
    }
  }

  async function fakeFetch(input: string | URL, init: RequestInit = {}): Promise<Response> {
    const path = String(input);
    const method = init.method ?? 'GET';
    const body = typeof init.body === 'string' ? (JSON.parse(init.body) as unknown) : undefined;
    requests.push({ method, path, body, keepalive: init.keepalive === true });
    if (method === 'POST' && path === '/api/capture-sessions') {
      await pendingCreate;
      return respond(createReply);
    }
    const end = /^\/api\/capture-sessions\/([^/]+)\/end$/.exec(path);
    if (method === 'POST' && end) {
      const session = createdAnswer().session;
      return respond({
        status: 200,
        body: { ...session, state: 'ended', endedAt: new Date().toISOString() },
      });
    }
    return respond({ status: 404, body: makeProblem('not-found', 404, 'Not found.') });
  }

  vi.stubGlobal('fetch', vi.fn(fakeFetch));
  vi.stubGlobal('EventSource', FakeEventSource);

  return {
    requests,
    streams,
    /** The stream opened last. */
    get stream(): FakeEventSource {
      const last = streams.at(-1);
      if (!last) throw new Error('No event stream was opened.');
      return last;
    },
    endRequests: () => requests.filter((request) => request.path.endsWith('/end')),
    refuseCreate(code: ProblemCode, status: number, title: string) {
      createReply = { status, body: makeProblem(code, status, title) };
    },
    failCreate() {
      createReply = 'network-error';
    },
    /** Holds the create answer until the returned function is called. */
    holdCreate(): () => void {
      let release = () => {};
      pendingCreate = new Promise((resolve) => (release = resolve));
      return release;
    },
  };
}

function respond(reply: Reply): Response {
  if (reply === 'network-error') throw new TypeError('fetch failed');
  return new Response(JSON.stringify(reply.body), {
    status: reply.status,
    headers: {
      'Content-Type': reply.status < 400 ? 'application/json' : 'application/problem+json',
    },
  });
}
