import type { Logger } from '../log.ts';
import type { Db } from '../storage/db.ts';
import { changesChannel } from '../storage/sync-queries.ts';
import { createChannelNotifier, type ChannelNotifier } from './channel-notifier.ts';

/** Tells each clinic's event streams its new `change_seq`. */
export type ChangeNotifier = ChannelNotifier<number>;

/** Pushes on any instance NOTIFY `bedside_changes` with `<clinicId>:<changeSeq>` when they commit. */
export function createChangeNotifier(db: Db, log: Logger): ChangeNotifier {
  return createChannelNotifier(db, log, changesChannel, (payload) => {
    const [clinicId, seq] = payload.split(':');
    const changeSeq = Number(seq);
    if (!clinicId || !Number.isInteger(changeSeq)) return undefined;
    return { key: clinicId, value: changeSeq };
  });
}
