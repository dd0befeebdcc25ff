import type { BedsideDatabase, RejectedMutation } from '$lib/db/database';

/**
 * Where the user fixes a refused change: the patient form for patients (with `?fix=`), the
 * record screen for a record or an addendum, the editor for a template.
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
