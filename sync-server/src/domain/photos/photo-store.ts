import {
  insertPhotosWrite,
  selectPhotosByIds,
  selectPhotosChangedSince,
  updatePhotosWrite,
} from '../../storage/photo-queries.ts';
import { openRows, openRowsOfAnyClinic, phiTables, sealRows } from '../../phi/phi-fields.ts';
import type { TableStore } from '../sync/table-store.ts';

/** How a push reads and writes photo rows (their bytes go through the upload routes). */
export const photoStore: TableStore<'photos'> = {
  sqlTable: 'photos',
  async selectChangedSince(db, page, phi) {
    const rows = await selectPhotosChangedSince(db, page);
    return openRows(await phi.opener(db, page.clinicId), phiTables.photos, rows);
  },
  holdsPatientData: true,
  async selectByIds(db, ids, phi) {
    return openRowsOfAnyClinic(db, phi, phiTables.photos, await selectPhotosByIds(db, ids));
  },
  insert: (stamp, rows) =>
    insertPhotosWrite(stamp.clinicId, sealRows(stamp.cipher, phiTables.photos, rows)),
  update: (stamp, rows) =>
    updatePhotosWrite(stamp.clinicId, sealRows(stamp.cipher, phiTables.photos, rows)),
};
