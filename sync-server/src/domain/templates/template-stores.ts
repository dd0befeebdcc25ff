import {
  insertTemplatesWrite,
  insertTemplateVersionsWrite,
  selectTemplatesByIds,
  selectTemplatesChangedSince,
  selectTemplateVersionsByIds,
  selectTemplateVersionsChangedSince,
  updateTemplatesWrite,
} from '../../storage/template-queries.ts';
import { neverUpdated, type TableStore } from '../sync/table-store.ts';

/** How a push reads and writes templates. */
export const templateStore: TableStore<'templates'> = {
  sqlTable: 'record_templates',
  selectChangedSince: selectTemplatesChangedSince,
  holdsPatientData: false,
  selectByIds: selectTemplatesByIds,
  insert: (_stamp, rows) => insertTemplatesWrite(rows),
  update: (stamp, rows) => updateTemplatesWrite(stamp.clinicId, rows),
};

/** Template versions are only ever inserted: records point at them. */
export const templateVersionStore: TableStore<'templateVersions'> = {
  sqlTable: 'template_versions',
  selectChangedSince: selectTemplateVersionsChangedSince,
  holdsPatientData: false,
  selectByIds: selectTemplateVersionsByIds,
  insert: (_stamp, rows) => insertTemplateVersionsWrite(rows),
  update: neverUpdated('template versions'),
};
