/**
 * Taking in the files the phone adds: as many as the session has room for, each prepared at
 * once (compressed, hashed, thumbnail) and kept in `bedside-capture` for review. One batch at
 * a time, so each sees the room the one before left; what the screens show meanwhile is here.
 */
import type { prepareImage } from '$lib/capture/image/prepare-image';
import { addImage, type CaptureDatabase } from './capture-store';
import { overflowSentence } from './capture-view';

export type AddProblem = { name: string; message: string };

export function createPhotoIntake(options: {
  database: CaptureDatabase;
  token: string;
  prepare: typeof prepareImage;
  /** How many more photos fit now, and the session's limit (for the sentence). */
  room: () => Promise<{ room: number; limit: number }>;
}) {
  const preparing = $state({ done: 0, total: 0 });
  let problems = $state.raw<AddProblem[]>([]);
  let overflow = $state<string | null>(null);
  let queue: Promise<unknown> = Promise.resolve();

  async function take(files: readonly File[]): Promise<void> {
    const { room, limit } = await options.room();
    const accepted = files.slice(0, room);
    const notAdded = files.length - accepted.length;
    overflow = notAdded > 0 ? overflowSentence(limit, notAdded) : null;
    problems = [];
    preparing.done = 0;
    preparing.total = accepted.length;
    const refused: AddProblem[] = [];
    try {
      for (const [index, file] of accepted.entries()) {
        const prepared = await options.prepare(file);
        if ('error' in prepared)
          refused.push({ name: file.name || `Photo ${index + 1}`, message: prepared.error });
        else await addImage(options.database, options.token, prepared);
        preparing.done = index + 1;
      }
    } finally {
      preparing.total = 0;
      problems = refused;
    }
  }

  return {
    /** While files are prepared: how many are done of how many (total 0 when idle). */
    get preparing(): { readonly done: number; readonly total: number } {
      return preparing;
    },
    /** Why files of the last batch were not added (HEIC, not an image). */
    get problems() {
      return problems;
    },
    /** Set when the last batch had more files than the session had room for. */
    get overflow() {
      return overflow;
    },
    add(files: readonly File[]): Promise<void> {
      const next = queue.then(() => (files.length > 0 ? take(files) : undefined));
      queue = next.catch(() => undefined);
      return next;
    },
    /** Resolves once every batch given so far is prepared. */
    async settled(): Promise<void> {
      await queue;
    },
    /** The notices of the last batch are done with (the user moved on). */
    dismiss(): void {
      overflow = null;
      problems = [];
    },
  };
}
