import { uuidv7 } from 'uuidv7';
import {
  builtInTemplates,
  type BuiltInTemplateKey,
  type Template,
  type TemplateVersion,
} from '@bedside/shared';
import { insertAuditEventsWrite } from '../../storage/audit-queries.ts';
import type { Db } from '../../storage/db.ts';
import { finishPush, lockCounter } from '../../storage/sync-queries.ts';
import {
  hasTemplates,
  insertTemplatesWrite,
  insertTemplateVersionsWrite,
  selectClinicsWithoutTemplates,
} from '../../storage/template-queries.ts';
import type { Deps } from '../deps.ts';

/** Who the seeded rows name as their author, and who the audit names as acting (null: the server). */
export type Seeding = {
  clinicId: string;
  authorId: string;
  actorId: string | null;
  requestId: string | null;
  at: string;
};

/**
 * Gives a clinic the built-in templates (SOAP note, vital signs, wound assessment), each with
 * its version 1, in the caller's transaction. Ids are made here; the rows take change numbers
 * like any write, so devices pull them. The caller knows the clinic has no templates yet.
 * Returns the new templates' ids by built-in key.
 */
export async function seedBuiltInTemplates(
  tx: Db,
  seeding: Seeding,
): Promise<Record<BuiltInTemplateKey, string>> {
  const lockedSeq = await lockCounter(tx, seeding.clinicId);
  if (lockedSeq === undefined) throw new Error('clinic to seed not found');
  let changeSeq = lockedSeq;
  const meta = {
    clinicId: seeding.clinicId,
    createdAt: seeding.at,
    createdBy: seeding.authorId,
    updatedAt: seeding.at,
    updatedBy: seeding.authorId,
    version: 1,
    deletedAt: null,
    deletedBy: null,
  };
  const versions: TemplateVersion[] = [];
  const templates: Template[] = [];
  builtInTemplates.forEach((builtIn, index) => {
    const version: TemplateVersion = {
      ...meta,
      id: uuidv7(),
      templateId: uuidv7(),
      number: 1,
      name: builtIn.name,
      description: builtIn.description,
      fields: builtIn.fields,
      changeSeq: ++changeSeq,
    };
    versions.push(version);
    templates.push({
      ...meta,
      id: version.templateId,
      name: builtIn.name,
      description: builtIn.description,
      sortOrder: index + 1,
      currentVersionId: version.id,
      currentVersionNumber: 1,
      builtIn: builtIn.key,
      changeSeq: ++changeSeq,
    });
  });
  const audit = insertAuditEventsWrite([
    {
      id: uuidv7(),
      clinicId: seeding.clinicId,
      userId: seeding.actorId,
      action: 'template.seed',
      entity: 'templates',
      entityIds: templates.map((template) => template.id),
      requestId: seeding.requestId,
      at: seeding.at,
    },
  ]);
  await finishPush(tx, {
    clinicId: seeding.clinicId,
    count: changeSeq - lockedSeq,
    writes: [insertTemplateVersionsWrite(versions), insertTemplatesWrite(templates), audit],
  });
  return Object.fromEntries(templates.map((template) => [template.builtIn, template.id])) as Record<
    BuiltInTemplateKey,
    string
  >;
}

/**
 * At start-up: seeds every clinic that has no template rows at all (one made before templates
 * existed), naming its owner as the author. A clinic whose templates were all deleted keeps
 * them deleted. Safe with several instances starting at once. Returns how many were seeded.
 */
export async function seedMissingBuiltInTemplates(deps: Deps): Promise<number> {
  let seeded = 0;
  for (const { clinicId, ownerId } of await selectClinicsWithoutTemplates(deps.db)) {
    // A clinic with no user has no one to use templates, or to name as their author.
    if (!ownerId) continue;
    const done = await deps.db.transaction(async (tx) => {
      // Under the counter lock, so another instance seeding it first is seen here.
      await lockCounter(tx, clinicId);
      if (await hasTemplates(tx, clinicId)) return false;
      const at = deps.clock().toISOString();
      await seedBuiltInTemplates(tx, {
        clinicId,
        authorId: ownerId,
        actorId: null,
        requestId: null,
        at,
      });
      return true;
    });
    if (done) seeded++;
  }
  if (seeded > 0) deps.log.info({ clinics: seeded }, 'built-in templates seeded');
  return seeded;
}
