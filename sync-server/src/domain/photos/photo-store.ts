import {
  insertPhotosWrite,
  selectPhotosByIds,
  selectPhotosChangedSince,
  updatePhotosWrite,
} from '../../storage/photo-queries.ts';
import type { TableStore } from '../sync/table-store.ts';

/** How a push reads and writes photo rows (their bytes go through the upload routes). */
export const photoStore: TableStore<'photos'> = {
  sqlTable: 'photos',
  selectChangedSince: selectPhotosChangedSince,
  holdsPatientData: true,
  selectByIds: selectPhotosByIds,
  insert: (stamp, rows) => insertPhotosWrite(stamp.clinicId, rows),
  update: (stamp, rows) => updatePhotosWrite(stamp.clinicId, rows),
};
