import type { Logger } from '../log.ts';
import type { Db } from '../storage/db.ts';
import { captureChannel } from '../storage/capture-queries.ts';
import { createChannelNotifier, type ChannelNotifier } from './channel-notifier.ts';

/** Tells the desktops following a capture session that it changed: they read it again. */
export type CaptureNotifier = ChannelNotifier<void>;

/**
 * Whatever changes a session (opened, a photo arrived, ended), on any instance, NOTIFYs
 * `bedside_capture` with the session's id when it commits.
 */
export function createCaptureNotifier(db: Db, log: Logger): CaptureNotifier {
  return createChannelNotifier(db, log, captureChannel, (sessionId) => ({
    key: sessionId,
    value: undefined,
  }));
}
