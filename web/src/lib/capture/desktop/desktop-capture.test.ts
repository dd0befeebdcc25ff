import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createDesktopCapture } from './desktop-capture.svelte';
import { fakeCaptureServer } from './testing/fake-capture-server';
import { openSession, SERVER_NOW, waitingSession } from './testing/session-fixtures';

const patientId = waitingSession().patientId;
const recordId = '01950000-0000-7000-8000-0000000000aa';

function capture(target = { patientId, recordId: null as string | null }) {
  const reported: string[] = [];
  const controller = createDesktopCapture({
    target: () => target,
    onphoto: (id) => reported.push(id),
  });
  return { controller, reported };
}

beforeEach(() => {
  vi.useFakeTimers({ now: SERVER_NOW, toFake: ['Date', 'setTimeout', 'clearTimeout'] });
});

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('starting', () => {
  it('asks for a code for the patient and record, then follows the session', async () => {
    const server = fakeCaptureServer();
    const { controller } = capture({ patientId, recordId });

    await controller.start();

    expect(server.requests[0]).toMatchObject({
      method: 'POST',
      path: '/api/capture-sessions',
      body: { patientId, recordId },
    });
    expect(controller.phase).toBe('following');
    expect(controller.state).toBe('waiting');
    expect(controller.captureUrl).toMatch(/\/capture\/[\w-]{43}$/);
    expect(server.stream.url).toBe(`/api/capture-sessions/${waitingSession().id}/events`);
  });

  it('says the server’s sentence when it refuses', async () => {
    const server = fakeCaptureServer();
    const signed = "This record is signed; photos can only be added to the patient's photos.";
    server.refuseCreate('record-finalized', 409, signed);
    const { controller } = capture({ patientId, recordId });

    await controller.start();

    expect(controller.phase).toBe('failed');
    expect(controller.failure).toBe(signed);
    expect(server.streams).toHaveLength(0);
  });

  it('says the server could not be reached when offline', async () => {
    fakeCaptureServer().failCreate();
    const { controller } = capture();

    await controller.start();

    expect(controller.phase).toBe('failed');
    expect(controller.failure).toMatch(/could not be reached/);
  });
});

describe('following', () => {
  it('reports each photo that arrives once, in order, and announces it', async () => {
    const server = fakeCaptureServer();
    const { controller, reported } = capture();
    await controller.start();
    server.stream.connect();

    server.stream.send(openSession());
    expect(controller.state).toBe('open');
    server.stream.send(openSession({ photoIds: ['p1'] }));
    server.stream.send(openSession({ photoIds: ['p1', 'p2', 'p3'] }));
    // A reconnect sends the whole session again.
    server.stream.send(openSession({ photoIds: ['p1', 'p2', 'p3'] }));

    expect(reported).toEqual(['p1', 'p2', 'p3']);
    expect(controller.session?.photoIds).toEqual(['p1', 'p2', 'p3']);
    expect(controller.announcement).toBe('Photos 2 and 3 arrived.');
  });

  it('stops listening after the final snapshot, so the browser does not reopen the stream', async () => {
    const server = fakeCaptureServer();
    const { controller } = capture();
    await controller.start();
    const stream = server.stream;

    stream.send(openSession({ state: 'expired', photoIds: ['p1'] }));

    expect(controller.state).toBe('expired');
    expect(stream.readyState).toBe(EventSource.CLOSED);
    expect(controller.connection).toBe('closed');
  });

  it('shows reconnecting while the browser reconnects, and connected when it is back', async () => {
    const server = fakeCaptureServer();
    const { controller } = capture();
    await controller.start();
    server.stream.connect();

    server.stream.fail();
    expect(controller.connection).toBe('reconnecting');
    server.stream.connect();
    expect(controller.connection).toBe('connected');
    expect(server.streams).toHaveLength(1);
  });

  it('opens a new stream when the browser gave up, while the session is live', async () => {
    const server = fakeCaptureServer();
    const { controller } = capture();
    await controller.start();

    server.stream.fail(true);
    expect(controller.connection).toBe('reconnecting');
    await vi.advanceTimersByTimeAsync(60_000);

    expect(server.streams).toHaveLength(2);
    expect(server.stream.readyState).toBe(EventSource.CONNECTING);
  });

  it('counts down on the server’s clock and shows the code expired when time is up', async () => {
    fakeCaptureServer();
    const { controller } = capture();
    await controller.start();

    vi.setSystemTime(SERVER_NOW + 19_000);
    expect(controller.timeLeft).toBe(9 * 60_000 + 41_000);
    vi.setSystemTime(SERVER_NOW + 10 * 60_000);
    expect(controller.state).toBe('expired');
  });
});

describe('ending', () => {
  it('ends the session on request', async () => {
    const server = fakeCaptureServer();
    const { controller } = capture();
    await controller.start();

    await controller.end();

    expect(server.endRequests()).toEqual([
      expect.objectContaining({ method: 'POST', path: expect.stringMatching(/\/end$/) }),
    ]);
    expect(controller.state).toBe('ended');
    expect(server.stream.readyState).toBe(EventSource.CLOSED);
  });

  it('ends a live session when the dialog closes, and closes its stream', async () => {
    const server = fakeCaptureServer();
    const { controller } = capture();
    await controller.start();
    const stream = server.stream;

    controller.stop();

    expect(server.endRequests()).toHaveLength(1);
    expect(stream.readyState).toBe(EventSource.CLOSED);
  });

  it('only closes when the session is already over', async () => {
    const server = fakeCaptureServer();
    const { controller } = capture();
    await controller.start();
    server.stream.send(openSession({ state: 'ended', endedAt: new Date().toISOString() }));

    controller.stop();

    expect(server.endRequests()).toHaveLength(0);
  });

  it('ends a code the countdown already calls expired while the server has not said so', async () => {
    const server = fakeCaptureServer();
    const { controller } = capture();
    await controller.start();
    vi.setSystemTime(SERVER_NOW + 10 * 60_000);
    expect(controller.state).toBe('expired');

    controller.stop();

    expect(server.endRequests()).toHaveLength(1);
  });

  it('ends a code that arrives after the dialog closed', async () => {
    const server = fakeCaptureServer();
    const release = server.holdCreate();
    const { controller } = capture();
    const starting = controller.start();

    controller.stop();
    release();
    await starting;
    await vi.waitFor(() => expect(server.endRequests()).toHaveLength(1));
    expect(server.streams).toHaveLength(0);
  });

  it('ends the session with a request that outlives the page when the page goes away', async () => {
    const page = new EventTarget();
    vi.stubGlobal('window', page);
    const server = fakeCaptureServer();
    const { controller } = capture();
    await controller.start();

    page.dispatchEvent(new Event('pagehide'));

    expect(server.endRequests()).toEqual([expect.objectContaining({ keepalive: true })]);
  });
});
