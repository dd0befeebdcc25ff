import {
  makeProblem,
  type MutationArgs,
  type MutationName,
  type Photo,
  type Problem,
  type SyncedRowMeta,
} from '@bedside/shared';
import { photoIdsInData } from '../photo-links';
import type { FakeStore } from './fake-server-rules';

type Outcome = { status: 'applied'; row?: Record<string, unknown> } | { problem: Problem };
type PhotoRules = {
  [N in Extract<MutationName, `photo.${string}`>]: (
    store: FakeStore,
    args: MutationArgs<N>,
  ) => Outcome;
};

const notFound = { problem: makeProblem('not-found', 404, 'Not found.') };

function next(row: Photo, changes: Partial<Photo>): Photo {
  return { ...row, ...changes, version: row.version + 1, updatedAt: new Date().toISOString() };
}

function withPhoto(
  store: FakeStore,
  id: string,
  change: (photo: Photo) => Partial<Photo> | undefined,
): Outcome {
  const photo = store.tables.photos.get(id);
  if (!photo) return notFound;
  const changes = change(photo);
  return { status: 'applied', row: changes ? store.write('photos', next(photo, changes)) : photo };
}

/** The server's photo rules, simplified as the other fake rules are. */
export function photoRules(newMeta: (id: string) => SyncedRowMeta): PhotoRules {
  return {
    'photo.create': (store, { commit, ...args }) => {
      if (store.tables.photos.has(args.id))
        return { status: 'applied', row: store.tables.photos.get(args.id) };
      if (!store.tables.patients.has(args.patientId)) return notFound;
      const row = store.write('photos', {
        ...newMeta(args.id),
        ...args,
        width: args.width ?? null,
        height: args.height ?? null,
        bodySite: args.bodySite ?? null,
        laterality: args.laterality ?? null,
        description: args.description ?? null,
        status: commit ? 'committed' : 'pending',
        uploadedAt: null,
      });
      return { status: 'applied', row };
    },
    'photo.update': (store, args) =>
      withPhoto(store, args.id, (photo) => (photo.deletedAt ? undefined : args.fields)),
    'photo.commit': (store, args) =>
      withPhoto(store, args.id, (photo) =>
        photo.status === 'committed' ? undefined : { status: 'committed' },
      ),
    'photo.delete': (store, args) =>
      withPhoto(store, args.id, () => ({ deletedAt: new Date().toISOString(), deletedBy: 'user' })),
    'photo.restore': (store, args) =>
      withPhoto(store, args.id, () => ({ deletedAt: null, deletedBy: null })),
  };
}

/**
 * A record change that lists photos: each must be a photo of the record's patient (else the
 * whole change is refused) and becomes committed. Answers the problem, or undefined to go on.
 */
export function commitListedPhotos(
  store: FakeStore,
  patientId: string,
  data: unknown,
): Problem | undefined {
  const ids = photoIdsInData(data);
  const photos = ids.map((id) => store.tables.photos.get(id));
  if (photos.some((photo) => photo?.patientId !== patientId))
    return makeProblem('validation', 422, 'Invalid.', {
      issues: [{ field: 'photos', message: 'A photo in Photos does not belong to this patient.' }],
    });
  for (const photo of photos)
    if (photo && photo.status === 'pending')
      store.write('photos', next(photo, { status: 'committed' }));
  return undefined;
}
