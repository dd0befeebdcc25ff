import type { Config } from '../config.ts';
import type { Deps } from '../domain/deps.ts';
import type { ChangeNotifier } from '../events/change-notifier.ts';
import type { LoginThrottle } from '../http/login-throttle.ts';
import type { BlobStore } from '../storage/blobs/blob-store.ts';

/** What route modules are built with. */
export type RouteContext = {
  deps: Deps;
  config: Config;
  loginThrottle: LoginThrottle;
  notifier: ChangeNotifier;
  /** Where photo and attachment bytes live. */
  blobs: BlobStore;
  /** How often an open event stream is kept alive and its session re-checked; tests shorten it. */
  eventHeartbeatMs?: number;
};
