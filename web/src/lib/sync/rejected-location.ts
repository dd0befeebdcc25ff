import type { BedsideDatabase, RejectedMutation } from '$lib/db/database';

/**
 * Where the user fixes a refused change: the patient form for patients (with `?fix=`), the
 * record screen for a record or an addendum, the editor for a template, the patient's page
 * (with its photos) for a photo.
 */
export async function rejectedChangePath(
  database: BedsideDatabase,
  item: RejectedMutation,
): Promise<string> {
  const [entity] = item.name.split('.');
  const fix = `?fix=${encodeURIComponent(item.id)}`;
  switch (entity) {
    case 'template':
      return `/settings/templates/${item.entityId}`;
    case 'photo': {
      const photo = await database.photos.get(item.entityId);
      const patientId = photo?.patientId ?? item.parents?.patientId ?? item.args.patientId;
      return typeof patientId === 'string' ? `/patients/${patientId}` : '/';
    }
    case 'record':
    case 'addendum': {
      const recordId =
        entity === 'record' ? item.entityId : String(item.args.recordId ?? item.entityId);
      const record = await database.records.get(recordId);
      const patientId = record?.patientId ?? item.parents?.patientId;
      return patientId ? `/patients/${patientId}/records/${recordId}` : '/';
    }
    default:
      return `/patients/${item.entityId}${fix}`;
  }
}
