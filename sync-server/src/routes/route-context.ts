import type { Config } from '../config.ts';
import type { PhiDeps } from '../domain/deps.ts';
import type { MailDeps } from '../domain/reminders/mail-deps.ts';
import type { CaptureNotifier } from '../events/capture-notifier.ts';
import type { ChangeNotifier } from '../events/change-notifier.ts';
import type { LoginThrottle } from '../http/login-throttle.ts';
import type { ResetThrottle } from '../http/reset-throttle.ts';
import type { SessionCache } from '../http/session-cache.ts';
import type { BlobStore } from '../storage/blobs/blob-store.ts';

/** Calls `fire` once after `ms` milliseconds unless cancelled; `setTimeout` unless a test says. */
export type Timer = (ms: number, fire: () => void) => () => void;

/** What route modules are built with. */
export type RouteContext = {
  deps: PhiDeps;
  config: Config;
  loginThrottle: LoginThrottle;
  /** Counts "forgot password" requests per address and IP. */
  resetThrottle: ResetThrottle;
  /** The session of each request, remembered briefly; sign-out must `forget` it. */
  sessions: SessionCache;
  notifier: ChangeNotifier;
  /** Tells the desktops following a capture session that it changed. */
  captureNotifier: CaptureNotifier;
  /** Where photo and attachment bytes live. */
  blobs: BlobStore;
  /**
   * Sending mail: the mailer, and the unsubscribe links' secret and public origin (the
   * unsubscribe page reads `mail.signingSecret` with `readUnsubscribeToken`).
   */
  mail: MailDeps;
  /** How often an open event stream is kept alive and its session re-checked; tests shorten it. */
  eventHeartbeatMs?: number;
  /** Wakes a capture session's event stream when it expires; tests pass one that follows their clock. */
  timer?: Timer;
  /** This computer's LAN IPv4 addresses, for capture links; tests pass fixed ones. */
  lanAddresses?: () => string[];
};
