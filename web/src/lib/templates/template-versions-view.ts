import {
  TemplateCreateArgs,
  TemplatePublishArgs,
  validate,
  type TemplateVersion,
  type TemplateVersionInput,
} from '@bedside/shared';
import type { BedsideDatabase, OutboxEntry } from '$lib/db/database';
import type { LocalMutation } from '$lib/sync/outbox';

/** The version a template mutation carries, if it carries one. */
function versionContent(mutation: LocalMutation): TemplateVersionInput | undefined {
  const schema =
    mutation.name === 'template.create'
      ? TemplateCreateArgs
      : mutation.name === 'template.publish'
        ? TemplatePublishArgs
        : undefined;
  if (!schema) return undefined;
  const parsed = validate(schema, mutation.args);
  return parsed.ok ? parsed.value.version : undefined;
}

/**
 * Brings the stored versions of these templates in line: the server copy where there is one,
 * else the local version a pending change makes (`locals`, numbered as replaying the changes
 * onto the server copy numbers them, tentative until the server gives the real number), else
 * nothing (a discarded create or publish). Versions never change, so no local change is
 * replayed onto a server copy. Call inside a transaction covering `templateVersions`,
 * `serverRows`, `outbox` and `rejected`.
 */
export async function rebuildTemplateVersionViews(
  database: BedsideDatabase,
  templateIds: readonly string[],
  locals: readonly TemplateVersion[],
): Promise<void> {
  const stored = await database.templateVersions.where('templateId').anyOf(templateIds).toArray();
  const ids = [...new Set([...locals, ...stored].map((version) => version.id))];
  const copies = await database.serverRows.bulkGet(
    ids.map((id) => ['templateVersions', id] as [string, string]),
  );
  const localById = new Map(locals.map((version) => [version.id, version]));

  const views: TemplateVersion[] = [];
  const gone: string[] = [];
  ids.forEach((id, index) => {
    const copy = copies[index];
    const view = copy?.table === 'templateVersions' ? copy.row : localById.get(id);
    if (view) views.push(view);
    else gone.push(id);
  });
  await database.templateVersions.bulkPut(views);
  await database.templateVersions.bulkDelete(gone);
}

/**
 * After the server processed a create or publish that did not come back with the version row:
 * keep the version as this device made it (numbered as the server's template row says) until
 * the next pull brings the exact row. Without this it would vanish when the mutation leaves the
 * outbox, and the records written against it would lose their form.
 */
export async function recordAssumedVersionCopy(
  database: BedsideDatabase,
  processed: OutboxEntry,
): Promise<void> {
  const content = versionContent(processed);
  if (!content || (await database.serverRows.get(['templateVersions', content.id]))) return;
  const local = await database.templateVersions.get(content.id);
  if (!local) return;
  const copy = await database.serverRows.get(['templates', processed.entityId]);
  const serverTemplate = copy?.table === 'templates' ? copy.row : undefined;
  const number =
    serverTemplate?.currentVersionId === content.id
      ? serverTemplate.currentVersionNumber
      : local.number;
  await database.serverRows.put({
    table: 'templateVersions',
    id: local.id,
    version: 1,
    row: { ...local, number, version: 1 },
  });
}
