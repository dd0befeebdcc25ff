import * as v from 'valibot';
import { uuidv7 } from 'uuidv7';
import { validationProblem } from '@bedside/shared';
import { defaultReminderSettings, ReminderSettings } from '@bedside/shared/reminders';
import type { Logger } from '../../log.ts';
import { insertAuditEvents } from '../../storage/audit-queries.ts';
import type { Db } from '../../storage/db.ts';
import {
  selectClinicMailFacts,
  selectLiveAppointmentTypeIds,
  updateReminderSettings,
  type ClinicMailFacts,
} from '../../storage/reminder-settings-queries.ts';
import type { Actor, Deps, Result } from '../deps.ts';

/** The clinic's name, zone and reminder settings as a pass or a message uses them. */
export type ClinicMail = { name: string; timezone: string; settings: ReminderSettings };

/**
 * The stored settings, or the defaults when none are stored. Settings that no longer read
 * (written by an older shape) fall back to the defaults, every rule off, and are logged: a
 * clinic gets no reminder rather than a wrong one.
 */
export function settingsOf(
  facts: ClinicMailFacts,
  log: Logger,
  clinicId: string,
): ReminderSettings {
  if (facts.settings === null || facts.settings === undefined) return defaultReminderSettings;
  const parsed = v.safeParse(ReminderSettings, facts.settings);
  if (parsed.success) return parsed.output;
  log.error({ clinicId }, 'stored reminder settings do not read; using the defaults (all off)');
  return defaultReminderSettings;
}

export async function clinicMail(
  deps: { db: Db; log: Logger },
  clinicId: string,
): Promise<ClinicMail | undefined> {
  const facts = await selectClinicMailFacts(deps.db, clinicId);
  if (!facts) return undefined;
  return {
    name: facts.name,
    timezone: facts.timezone,
    settings: settingsOf(facts, deps.log, clinicId),
  };
}

/** `GET /api/reminders/settings`: the owner's. */
export async function reminderSettings(
  deps: Deps,
  actor: Actor,
): Promise<Result<ReminderSettings>> {
  const clinic = await clinicMail(deps, actor.clinicId);
  if (!clinic) throw new Error('the session names a clinic that does not exist');
  return { ok: true, value: clinic.settings };
}

/**
 * `PUT /api/reminders/settings`: replaces them; a rule naming an appointment type that is not a
 * live type of this clinic is refused, naming the rule. Audited with the clinic's id only.
 */
export async function changeReminderSettings(
  deps: Deps,
  actor: Actor,
  settings: ReminderSettings,
): Promise<Result<ReminderSettings>> {
  return deps.db.transaction(async (db) => {
    const named = [...new Set(settings.rules.flatMap((rule) => rule.appointmentTypeId ?? []))];
    const live = new Set(await selectLiveAppointmentTypeIds(db, actor.clinicId, named));
    const issues = settings.rules.flatMap((rule, index) =>
      rule.appointmentTypeId && !live.has(rule.appointmentTypeId)
        ? [
            {
              field: `rules.${index}.appointmentTypeId`,
              message: 'This appointment type does not exist in this clinic.',
            },
          ]
        : [],
    );
    if (issues.length > 0) {
      // The same problem as a body that fails the schema (readJson): 422 with the fields.
      return { ok: false, problem: validationProblem(issues) };
    }
    await updateReminderSettings(db, actor.clinicId, settings);
    await insertAuditEvents(db, [
      {
        id: uuidv7(),
        clinicId: actor.clinicId,
        userId: actor.userId,
        action: 'reminders.settings',
        entity: 'clinics',
        entityIds: [actor.clinicId],
        requestId: actor.requestId,
        at: deps.clock().toISOString(),
      },
    ]);
    return { ok: true, value: settings };
  });
}
