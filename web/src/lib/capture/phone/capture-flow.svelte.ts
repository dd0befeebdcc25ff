/**
 * The phone's capture flow for one code: loading → capture → review → describe → upload → done,
 * or the problem screen. It opens the code (or resumes with the credential this phone already
 * holds), takes in added photos (`photo-intake`), keeps everything in `bedside-capture`, and
 * runs the upload queue (`phone-uploads`) while the page is open.
 */
import * as v from 'valibot';
import {
  CaptureSecret,
  type CaptureSessionForPhone,
  type Laterality,
  type Problem,
} from '@bedside/shared';
import { isApiError, isNetworkError } from '$lib/api/client';
import { prepareImage } from '$lib/capture/image/prepare-image';
import { fetchCaptureSession, openCaptureSession } from './capture-api';
import {
  clearBatch,
  describeImage,
  finishSession,
  forgetFinishedSessions,
  queueImages,
  removeImage,
  saveSession,
  storedSession,
  updateSession,
  watchImages,
  CaptureDatabase,
  type CaptureImage,
} from './capture-store';
import { resumeScreen, roomLeft, type CaptureScreen } from './capture-view';
import { createPhoneUploads, type PhoneUploads } from './phone-uploads';
import { createPhotoIntake } from './photo-intake.svelte';

export const UNREACHABLE_SENTENCE =
  "The Bedside server could not be reached. Check that this phone is on the clinic's Wi-Fi, then try again.";
export const PHONE_TROUBLE_SENTENCE =
  'Something went wrong on this phone. Try again, or scan a new code on the computer.';
export const EXPIRED_SENTENCE =
  'This capture session has expired. Sessions last 2 hours: scan a new code on the computer.';
/** After the expiry time the phone asks the server again this often (clocks differ). */
const EXPIRY_RECHECK_MS = 60_000;

export type CaptureProblem = { sentence: string; canRetry: boolean };

export function createCaptureFlow(
  token: string,
  dependencies: { database?: CaptureDatabase; prepare?: typeof prepareImage } = {},
) {
  const database = dependencies.database ?? new CaptureDatabase();

  let screen = $state<CaptureScreen>('loading');
  let session = $state.raw<CaptureSessionForPhone | null>(null);
  let images = $state.raw<CaptureImage[]>([]);
  let problem = $state.raw<CaptureProblem | null>(null);
  const intake = createPhotoIntake({
    database,
    token,
    prepare: dependencies.prepare ?? prepareImage,
    room: async () => {
      await readImages();
      return { room: session ? roomLeft(session, images) : 0, limit: session?.imageLimit ?? 0 };
    },
  });

  let credential = '';
  let uploads: PhoneUploads | undefined;
  let following: { unsubscribe(): void } | undefined;
  let expiryTimer: ReturnType<typeof setTimeout> | undefined;
  const onOnline = () => void uploads?.retryNow();

  async function start(): Promise<void> {
    screen = 'loading';
    problem = null;
    if (!v.is(CaptureSecret, token))
      return showProblem({ sentence: 'This is not a Bedside capture code.', canRetry: false });
    try {
      await forgetFinishedSessions(database, Date.now());
      const stored = await storedSession(database, token);
      if (stored) await resume(stored.credential, stored.session);
      else await open();
      await readImages();
    } catch (error) {
      return failed(error);
    }
    follow();
    screen = resumeScreen(images);
  }

  async function open(): Promise<void> {
    const { credential: opened, ...info } = await openCaptureSession(token);
    await saveSession(database, token, opened, info);
    credential = opened;
    session = info;
  }

  async function resume(storedCredential: string, known: CaptureSessionForPhone): Promise<void> {
    credential = storedCredential;
    session = known;
    try {
      await refresh();
    } catch (error) {
      // The server is out of reach for now: carry on with what this phone knows; the queue
      // retries on its own. A session the server refused does not carry on.
      if (!canRetry(error)) throw error;
    }
  }

  /** Asks the server where the session stands; photos it has count as sent here. */
  async function refresh(): Promise<void> {
    const fresh = await fetchCaptureSession(credential);
    await updateSession(database, token, fresh);
    session = fresh;
  }

  function follow(): void {
    following?.unsubscribe();
    following = watchImages(database, token).subscribe({
      next: (value) => (images = value),
    });
    uploads?.stop();
    uploads = createPhoneUploads({
      database,
      token,
      credential,
      onSent: (uploadedPhotoIds) => sent(uploadedPhotoIds),
      onSessionOver: (refusal) => void sessionOver(refusal),
      onIdle: () => void uploadsIdle(),
    });
    void uploads.fill();
    if (typeof window !== 'undefined') window.addEventListener('online', onOnline);
    watchExpiry();
  }

  function sent(uploadedPhotoIds: string[]): void {
    if (!session) return;
    session = { ...session, uploadedPhotoIds };
    void updateSession(database, token, session);
  }

  /** Sending is over when nothing is queued or on its way (a backoff still counts as queued). */
  async function uploadsIdle(): Promise<void> {
    await readImages();
    if (screen === 'upload' && resumeScreen(images) === 'done') screen = 'done';
  }

  function watchExpiry(): void {
    clearTimeout(expiryTimer);
    if (!session) return;
    const wait = Math.max(0, Date.parse(session.expiresAt) - Date.now());
    expiryTimer = setTimeout(() => void checkExpired(), wait);
  }

  async function checkExpired(): Promise<void> {
    try {
      await refresh();
      expiryTimer = setTimeout(() => void checkExpired(), EXPIRY_RECHECK_MS);
    } catch (error) {
      if (canRetry(error)) showProblem({ sentence: EXPIRED_SENTENCE, canRetry: false });
      else await failed(error);
    }
  }

  async function sessionOver(refusal: Problem): Promise<void> {
    await readImages();
    showProblem({ sentence: refusal.title, canRetry: false });
  }

  async function failed(error: unknown): Promise<void> {
    if (isApiError(error, 401) || isApiError(error, 410)) await finishSession(database, token);
    if (isApiError(error))
      showProblem({ sentence: error.problem.title, canRetry: canRetry(error) });
    else if (isNetworkError(error)) showProblem({ sentence: UNREACHABLE_SENTENCE, canRetry: true });
    else showProblem({ sentence: PHONE_TROUBLE_SENTENCE, canRetry: true });
  }

  function showProblem(next: CaptureProblem): void {
    stopWork();
    problem = next;
    screen = 'problem';
  }

  async function readImages(): Promise<void> {
    images = await database.images.where('token').equals(token).sortBy('id');
  }

  function stopWork(): void {
    uploads?.stop();
    uploads = undefined;
    clearTimeout(expiryTimer);
    if (typeof window !== 'undefined') window.removeEventListener('online', onOnline);
  }

  /**
   * Prepares and keeps the files. From the capture screen the batch then goes to review,
   * unless more are coming (live camera shots: see `reviewWhenPrepared`).
   */
  async function addFiles(
    files: readonly File[],
    options: { thenReview?: boolean } = {},
  ): Promise<void> {
    await intake.add(files);
    if (options.thenReview !== false) await reviewWhenPrepared();
    else await readImages();
  }

  /** Once every added file is prepared, the capture screen gives way to review (if any was kept). */
  async function reviewWhenPrepared(): Promise<void> {
    await intake.settled();
    await readImages();
    if (screen === 'capture' && images.some((image) => image.state === 'review')) screen = 'review';
  }

  return {
    get screen() {
      return screen;
    },
    get session() {
      return session;
    },
    /** This session's photos on this phone, in the order taken. */
    get images() {
      return images;
    },
    get problem() {
      return problem;
    },
    /** Added files being prepared, and why any was not added. */
    intake,
    get room(): number {
      return session ? roomLeft(session, images) : 0;
    },

    start,
    /** "Try again" on the problem screen (only offered when the network or server failed). */
    retry: start,
    stop(): void {
      stopWork();
      following?.unsubscribe();
      following = undefined;
    },

    addFiles,
    reviewWhenPrepared,
    async remove(id: string): Promise<void> {
      await removeImage(database, id);
      await readImages();
      if (screen !== 'capture' && !images.some((image) => image.state === 'review'))
        screen = 'capture';
    },
    async describe(
      id: string,
      fields: { bodySite?: string | null; laterality?: Laterality | null },
    ): Promise<void> {
      await describeImage(database, id, fields);
    },
    go(next: 'capture' | 'review' | 'describe'): void {
      intake.dismiss();
      screen = next;
    },
    /** The photos under review go, described or not. */
    async send(): Promise<void> {
      await queueImages(database, token);
      await readImages();
      screen = 'upload';
      await uploads?.fill();
    },
    async retryUploads(): Promise<void> {
      await uploads?.retryNow();
    },
    /** After a batch: asks the server whether the session still takes photos, then starts over. */
    async takeMore(): Promise<void> {
      try {
        await refresh();
      } catch (error) {
        if (!canRetry(error)) return failed(error);
      }
      await clearBatch(database, token);
      await readImages();
      intake.dismiss();
      screen = 'capture';
    },
    /** Resolves once the upload queue has nothing it could do now. */
    async uploadsSettled(): Promise<void> {
      await uploads?.settled();
      await uploadsIdle();
    },
  };
}

export type CaptureFlow = ReturnType<typeof createCaptureFlow>;

/** Only "no answer" and a server error are worth trying again as they are. */
function canRetry(error: unknown): boolean {
  return isNetworkError(error) || (isApiError(error) && error.status >= 500);
}
