import { addAttachment, addPhotos } from '$lib/photos/photo-actions';

export type AddProblem = { name: string; message: string };

/**
 * Adding photos (or one PDF) for a patient, with what the screen shows meanwhile: how many are
 * prepared so far and, per file, why one could not be added. Each call answers the new ids.
 */
export function createPhotoAdder(options: { patientId: () => string; commit: boolean }) {
  const progress = $state({ busy: false, done: 0, total: 0 });
  let problems = $state.raw<AddProblem[]>([]);
  // One batch at a time (camera shots come quickly): each sees the ids the one before added.
  let queue: Promise<unknown> = Promise.resolve();

  function run<T>(total: number, work: () => Promise<T>): Promise<T> {
    const next = queue.then(async () => {
      progress.busy = true;
      progress.done = 0;
      progress.total = total;
      problems = [];
      try {
        return await work();
      } finally {
        progress.busy = false;
      }
    });
    queue = next.catch(() => undefined);
    return next;
  }

  return {
    progress,
    get problems() {
      return problems;
    },
    dismiss() {
      problems = [];
    },

    photos(files: readonly File[]): Promise<string[]> {
      if (files.length === 0) return Promise.resolve([]);
      return run(files.length, async () => {
        const result = await addPhotos(options.patientId(), files, {
          commit: options.commit,
          onProgress: (done, total) => {
            progress.done = done;
            progress.total = total;
          },
        });
        if (!result.ok) {
          problems = [
            { name: files.length === 1 ? (files[0]?.name ?? '') : '', message: result.message },
          ];
          return [];
        }
        problems = result.errors;
        return result.ids;
      });
    },

    pdf(file: File): Promise<string | null> {
      return run(1, async () => {
        const result = await addAttachment(options.patientId(), file, {
          commit: options.commit,
          // The file's name is how people find a letter or a lab report again.
          description: file.name.replace(/\.pdf$/i, ''),
        });
        progress.done = 1;
        if (!result.ok) {
          problems = [{ name: file.name, message: result.message }];
          return null;
        }
        return result.id;
      });
    },
  };
}

export type PhotoAdder = ReturnType<typeof createPhotoAdder>;
