import type { Template, TemplateVersion } from '@bedside/shared';
import { liveQuery, type Observable } from 'dexie';
import { db } from '$lib/db/database';

/** The clinic's templates in display order, live; deleted ones only when asked for. */
export function watchTemplates(options: { includeDeleted: boolean }): Observable<Template[]> {
  return liveQuery(() =>
    db.templates
      .orderBy('sortOrder')
      .filter((template) => options.includeDeleted || template.deletedAt === null)
      .toArray(),
  );
}

export function watchTemplate(id: string): Observable<Template | undefined> {
  return liveQuery(() => db.templates.get(id));
}

export function watchTemplateVersion(versionId: string): Observable<TemplateVersion | undefined> {
  return liveQuery(() => db.templateVersions.get(versionId));
}

/** Every version of a template on this device, newest first. */
export function watchTemplateVersions(templateId: string): Observable<TemplateVersion[]> {
  return liveQuery(async () => {
    const versions = await db.templateVersions.where('templateId').equals(templateId).toArray();
    return versions.sort((a, b) => b.number - a.number || (b.createdAt < a.createdAt ? -1 : 1));
  });
}
