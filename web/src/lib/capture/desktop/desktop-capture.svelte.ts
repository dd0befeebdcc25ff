import type { CaptureSession, CaptureSessionCreated } from '@bedside/shared';
import { createSubscriber } from 'svelte/reactivity';
import { apiFetch, isApiError, isNetworkError } from '$lib/api/client';
import { createBackoff } from '$lib/sync/backoff';
import {
  arrivalAnnouncement,
  countdownDeadline,
  isLive,
  mergeSnapshot,
  readSessionEvent,
  serverClockOffset,
  stateAt,
  unreportedPhotos,
} from './session-view';

const SESSIONS_PATH = '/api/capture-sessions';
/** What `apiFetch` sends; the request made while the page unloads cannot go through it. */
const API_HEADERS = { Accept: 'application/json, application/problem+json' };
const OFFLINE_MESSAGE = 'The server could not be reached. Check the connection, then try again.';

export type CaptureTarget = { patientId: string; recordId: string | null };

/**
 * - creating: asking the server for a code;
 * - failed: it refused or could not be reached (`failure` says why);
 * - following: a session exists and its events are followed while it lasts.
 */
export type CapturePhase = 'idle' | 'creating' | 'failed' | 'following';

/** The event stream: `reconnecting` after it dropped, until it is back. */
export type CaptureConnection = 'connecting' | 'connected' | 'reconnecting' | 'closed';

/** Re-reads the time every second while a countdown is on screen, and not at all otherwise. */
const everySecond = createSubscriber((update) => {
  const timer = setInterval(update, 1000);
  return () => clearInterval(timer);
});

/**
 * One "Capture with phone" dialog's session: creates it, follows it over Server-Sent Events,
 * counts down to its deadlines on the server's clock, reports each photo that arrives once
 * (`onphoto`), and ends it when asked, when stopped, or when the page goes away, so a code
 * left on a screen never stays usable.
 */
export function createDesktopCapture(options: {
  target: () => CaptureTarget;
  onphoto?: (photoId: string) => void;
}) {
  let phase = $state<CapturePhase>('idle');
  let failure = $state('');
  let created = $state.raw<CaptureSessionCreated | null>(null);
  let session = $state.raw<CaptureSession | null>(null);
  let connection = $state<CaptureConnection>('closed');
  let announcement = $state('');
  let ending = $state(false);
  let endFailure = $state('');

  let clockOffset = 0;
  /** Photo ids already passed to `onphoto`: bookkeeping, never shown, so not reactive. */
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  const reported = new Set<string>();
  /** Bumped by every start and stop: an answer for an older one is stale. */
  let generation = 0;
  let events: EventSource | undefined;
  const reconnect = createBackoff();

  const serverNow = () => Date.now() + clockOffset;
  const stillLive = () => session !== null && isLive(stateAt(session, serverNow()));
  // Ending goes by the server's last word, not the countdown: a code the countdown calls
  // expired a moment early is still ended, so no usable code is ever left behind.
  const mayLetPhoneIn = () => session !== null && isLive(session.state);

  function apply(incoming: CaptureSession) {
    const merged = mergeSnapshot(session, incoming);
    const arrived = unreportedPhotos(merged.photoIds, reported);
    session = merged;
    for (const id of arrived) reported.add(id);
    if (arrived.length > 0) {
      announcement = arrivalAnnouncement(merged.photoIds.length, arrived.length);
      for (const id of arrived) options.onphoto?.(id);
    }
    // The server closes the stream after a final snapshot; EventSource would reopen it.
    if (!isLive(merged.state)) closeEvents();
  }

  function follow(sessionId: string, mine: number) {
    if (typeof EventSource === 'undefined' || mine !== generation) return;
    const source = new EventSource(`${SESSIONS_PATH}/${sessionId}/events`, {
      withCredentials: true,
    });
    events = source;
    if (connection !== 'reconnecting') connection = 'connecting';
    source.onopen = () => {
      connection = 'connected';
      reconnect.reset();
    };
    source.addEventListener('session', (event) => {
      const snapshot = readSessionEvent(String(event.data));
      if (snapshot && mine === generation) apply(snapshot);
    });
    source.onerror = () => {
      if (source !== events) return;
      connection = 'reconnecting';
      // CONNECTING: the browser retries by itself. CLOSED: it gave up (an error answer, not a
      // stream), so try again later, for as long as the session could still take photos.
      if (source.readyState !== EventSource.CLOSED) return;
      events = undefined;
      if (stillLive()) reconnect.schedule(() => follow(sessionId, mine));
      else connection = 'closed';
    };
  }

  function closeEvents() {
    reconnect.reset();
    events?.close();
    events = undefined;
    connection = 'closed';
  }

  /** Ends the session as the page unloads: only a keepalive request outlives the page. */
  function endOnUnload() {
    if (!session || !mayLetPhoneIn()) return;
    void fetch(endPath(session.id), {
      method: 'POST',
      keepalive: true,
      credentials: 'same-origin',
      headers: API_HEADERS,
    }).catch(() => undefined);
  }

  function listenForUnload(listening: boolean) {
    if (typeof window === 'undefined') return;
    if (listening) window.addEventListener('pagehide', endOnUnload);
    else window.removeEventListener('pagehide', endOnUnload);
  }

  async function start(): Promise<void> {
    stop();
    const mine = generation;
    phase = 'creating';
    failure = '';
    endFailure = '';
    announcement = '';
    reported.clear();
    const { patientId, recordId } = options.target();
    const requestedAt = Date.now();
    try {
      const answer = await apiFetch<CaptureSessionCreated>(SESSIONS_PATH, {
        method: 'POST',
        json: { patientId, recordId },
      });
      if (mine !== generation) {
        // Closed while the code was being made: nobody saw it, so end it at once.
        void endQuietly(answer.session.id);
        return;
      }
      clockOffset = serverClockOffset(answer.session, requestedAt);
      created = answer;
      apply(answer.session);
      phase = 'following';
      listenForUnload(true);
      follow(answer.session.id, mine);
    } catch (error) {
      if (mine !== generation) return;
      phase = 'failed';
      failure = failureMessage(error);
    }
  }

  async function end(): Promise<void> {
    if (!session || !stillLive()) return;
    const mine = generation;
    ending = true;
    endFailure = '';
    try {
      const ended = await apiFetch<CaptureSession>(endPath(session.id), { method: 'POST' });
      if (mine === generation) apply(ended);
    } catch (error) {
      if (mine === generation) endFailure = failureMessage(error);
    } finally {
      ending = false;
    }
  }

  /** The dialog closed: end a session that still lets a phone in, and stop following it. */
  function stop() {
    generation++;
    if (session && mayLetPhoneIn()) void endQuietly(session.id);
    closeEvents();
    listenForUnload(false);
    phase = 'idle';
    created = null;
    session = null;
    ending = false;
  }

  return {
    get phase() {
      return phase;
    },
    get failure() {
      return failure;
    },
    get captureUrl() {
      return created?.captureUrl ?? '';
    },
    get reachableFromPhone() {
      return created?.reachableFromPhone ?? true;
    },
    get session() {
      return session;
    },
    /** The session's state now; ticks, so a deadline that passes shows at once. */
    get state() {
      if (!session) return null;
      everySecond();
      return stateAt(session, serverNow());
    },
    /** Milliseconds to the deadline that matters now (the code's, then the session's). */
    get timeLeft() {
      const deadline = session && countdownDeadline(session);
      if (!deadline) return 0;
      everySecond();
      return Math.max(0, Date.parse(deadline) - serverNow());
    },
    get connection() {
      return connection;
    },
    /** "Photo 3 arrived.": the latest arrival, for a polite live region. */
    get announcement() {
      return announcement;
    },
    get ending() {
      return ending;
    },
    get endFailure() {
      return endFailure;
    },
    start,
    end,
    stop,
  };
}

export type DesktopCapture = ReturnType<typeof createDesktopCapture>;

function endPath(sessionId: string): string {
  return `${SESSIONS_PATH}/${sessionId}/end`;
}

async function endQuietly(sessionId: string): Promise<void> {
  // Nobody is left to tell: the code expires within minutes anyway.
  await apiFetch(endPath(sessionId), { method: 'POST' }).catch(() => undefined);
}

/** The server's sentence (its problem title), or why there was none. */
function failureMessage(error: unknown): string {
  if (isApiError(error)) return error.problem.title;
  if (isNetworkError(error)) return OFFLINE_MESSAGE;
  return 'Something went wrong. Try again.';
}
