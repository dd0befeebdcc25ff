import { uuidv7 } from 'uuidv7';
import {
  builtInAppointmentTypes,
  type AppointmentType,
  type BuiltInTemplateKey,
} from '@bedside/shared';
import { insertAppointmentTypesWrite } from '../../storage/appointment-queries.ts';
import { insertAuditEventsWrite } from '../../storage/audit-queries.ts';
import type { Db } from '../../storage/db.ts';
import { finishPush, lockCounter } from '../../storage/sync-queries.ts';
import type { Seeding } from '../templates/builtin-templates.ts';

/**
 * Gives a new clinic the built-in appointment types (initial assessment, follow-up, wound review,
 * telehealth), each pointing at the built-in template its notes start from, in the caller's
 * transaction, after `seedBuiltInTemplates`. The rows take change numbers like any write, so
 * devices pull them. Clinics older than appointments got the same types from migration 0008.
 *
 * @example await seedBuiltInAppointmentTypes(tx, seeding, await seedBuiltInTemplates(tx, seeding))
 */
export async function seedBuiltInAppointmentTypes(
  tx: Db,
  seeding: Seeding,
  templateIds: Partial<Record<BuiltInTemplateKey, string>>,
): Promise<void> {
  const lockedSeq = await lockCounter(tx, seeding.clinicId);
  if (lockedSeq === undefined) throw new Error('clinic to seed not found');
  const types: AppointmentType[] = builtInAppointmentTypes.map((builtIn, index) => ({
    id: uuidv7(),
    clinicId: seeding.clinicId,
    createdAt: seeding.at,
    createdBy: seeding.authorId,
    updatedAt: seeding.at,
    updatedBy: seeding.authorId,
    version: 1,
    deletedAt: null,
    deletedBy: null,
    changeSeq: lockedSeq + index + 1,
    name: builtIn.name,
    durationMinutes: builtIn.durationMinutes,
    colour: builtIn.colour,
    templateId: templateIds[builtIn.template] ?? null,
  }));
  const audit = insertAuditEventsWrite([
    {
      id: uuidv7(),
      clinicId: seeding.clinicId,
      userId: seeding.actorId,
      action: 'appointmentType.seed',
      entity: 'appointmentTypes',
      entityIds: types.map((type) => type.id),
      requestId: seeding.requestId,
      at: seeding.at,
    },
  ]);
  await finishPush(tx, {
    clinicId: seeding.clinicId,
    count: types.length,
    writes: [insertAppointmentTypesWrite(types), audit],
  });
}
