/**
 * Seeds a clinic for the cleanup bench with set-based SQL (generate_series): patients, records
 * (mostly signed), photos and appointments in the proportions of a working clinic, custom
 * templates and appointment types, some soft-deleted longer ago than the retention (due), some
 * deleted recently (kept); then one small object per uploaded photo in a disk blob store, plus
 * orphans no row names. Ids are md5s of the clinic and the row's number, so the same numbers
 * pick the same rows in every statement.
 */
import { mkdir, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { uuidv7 } from 'uuidv7';
import { createClinic } from '../src/domain/accounts/accounts.ts';
import { createLogger } from '../src/log.ts';
import { photoKey } from '../src/storage/blobs/object-keys.ts';
import type { Db } from '../src/storage/db.ts';
import { sql } from '../src/storage/sql.ts';

const dayMs = 24 * 60 * 60 * 1000;
/** Soft-deleted this long before "today": past the 30-day retention. */
const dueDays = 60;
/** Soft-deleted this long before "today": within the retention, so kept. */
const recentDays = 10;
/** Bytes per object: small, so seeding 20,000 is quick. */
export const objectBytes = 300;

export type SeededClinic = { clinicId: string; ownerId: string };

/** A clinic as sign-up makes it (owner, built-in templates and appointment types). */
export async function newClinic(db: Db, today: Date, name: string): Promise<SeededClinic> {
  const created = await createClinic(
    { db, clock: () => today, log: createLogger('silent') },
    {
      clinicName: name,
      timezone: 'UTC',
      name: 'Bench Owner',
      email: `cleanup-${uuidv7()}@bench.test`,
      password: 'bench-password-123',
    },
    30,
  );
  if (!created.ok) throw new Error(created.problem.title);
  return { clinicId: created.value.me.clinic.id, ownerId: created.value.me.user.id };
}

/**
 * How `rows` synced rows split, as in the clinic of 100,000: 20 % patients, 50 %
 * records, 20 % photos, 10 % appointments. Counts are rounded to whole blocks of 200 patients
 * so the every-n-th patterns below hit the same shares at any size.
 */
export function rowSplit(rows: number) {
  const patients = Math.max(200, Math.round((rows * 0.2) / 200) * 200);
  return {
    patients,
    records: patients * 2.5,
    photos: patients,
    appointments: patients / 2,
    templates: 20,
    appointmentTypes: 10,
  };
}

/**
 * The rows of one clinic. With `allDue`, every patient, draft, photo, appointment, custom template
 * and type is deleted past the retention (a clinic whose rows all go); otherwise:
 * - patients: 7.5 % due (n % 40 < 3), their drafts, photos and appointments deleted with them
 *   (signed records cannot be deleted; they go with the patient), 1 % deleted recently;
 * - records: 20 % drafts (n % 5 = 0), of which 1 in 10 deleted on its own past the retention and
 *   1 in 50 recently;
 * - photos: 1 in 20 deleted on its own past the retention, 1 in 100 recently; 1 in 10 has no
 *   bytes yet (n % 10 = 9), so no object;
 * - appointments: 1 in 40 deleted on its own past the retention, 1 in 100 recently;
 * - 20 custom templates (5 due, 2 recent) and 10 appointment types (3 due, 1 recent), unused.
 */
export async function seedRows(
  db: Db,
  clinic: SeededClinic,
  o: { rows: number; today: Date; allDue: boolean },
): Promise<void> {
  const split = rowSplit(o.rows);
  const { clinicId, ownerId } = clinic;
  const at = (daysAgo: number) => new Date(o.today.getTime() - daysAgo * dayMs).toISOString();
  const due = at(dueDays);
  const recent = at(recentDays);
  const created = at(400);
  const all = o.allDue;
  const [start] = await db.many<{ seq: number }>(
    sql`SELECT change_seq AS seq FROM clinics WHERE id = ${clinicId}`,
  );
  const [soap] = await db.many<{ id: string; versionId: string }>(sql`
    SELECT id, current_version_id AS "versionId" FROM record_templates
    WHERE clinic_id = ${clinicId} AND built_in = 'soap'`);
  const types = await db.many<{ id: string }>(
    sql`SELECT id FROM appointment_types WHERE clinic_id = ${clinicId} ORDER BY id`,
  );
  if (!start || !soap || types.length === 0) throw new Error('clinic not seeded by sign-up');
  const typeIds = types.map((type) => type.id);
  let seq = start.seq;
  const nextSeqs = (count: number) => {
    const first = seq + 1;
    seq += count;
    return first;
  };

  const patientDue = all ? sql`true` : sql`g % 40 < 3`;
  const patientRecent = all ? sql`false` : sql`g % 100 = 50`;
  await db.many(sql`
    INSERT INTO patients (id, clinic_id, given_name, family_name, birth_date, sex, phone,
      created_at, created_by, updated_at, updated_by, deleted_at, deleted_by, change_seq)
    SELECT md5(${clinicId}::text || ':patient:' || g)::uuid, ${clinicId}, 'Given' || g, 'Family' || g,
      '1970-01-01'::date + (g % 18000), 'female', '+1 555 0100',
      ${created}::timestamptz + g * interval '1 minute', ${ownerId},
      ${created}::timestamptz + g * interval '1 minute', ${ownerId},
      CASE WHEN ${patientDue} THEN ${due}::timestamptz WHEN ${patientRecent} THEN ${recent}::timestamptz END,
      CASE WHEN ${patientDue} OR ${patientRecent} THEN ${ownerId}::uuid END,
      ${nextSeqs(split.patients)} + g
    FROM generate_series(0, ${split.patients - 1}) AS g`);

  // A child row of patient `p` is deleted with it: when its patient was, at the same time.
  const patientDeletedAt = (p: ReturnType<typeof sql>) => sql`CASE
    WHEN ${all} OR (${p}) % 40 < 3 THEN ${due}::timestamptz
    WHEN (${p}) % 100 = 50 THEN ${recent}::timestamptz END`;
  const recordPatient = sql`g % ${split.patients}`;
  const recordDeletedAt = sql`CASE WHEN g % 5 <> 0 THEN NULL
    ELSE coalesce(${patientDeletedAt(recordPatient)},
      CASE WHEN g % 50 = 5 THEN ${due}::timestamptz WHEN g % 250 = 15 THEN ${recent}::timestamptz END)
    END`;
  await db.many(sql`
    INSERT INTO records (id, clinic_id, patient_id, template_id, template_version_id, status, data,
      finalized_at, finalized_by, created_at, created_by, updated_at, updated_by,
      deleted_at, deleted_by, change_seq)
    SELECT md5(${clinicId}::text || ':record:' || g)::uuid, ${clinicId},
      md5(${clinicId}::text || ':patient:' || (${recordPatient}))::uuid, ${soap.id}, ${soap.versionId},
      CASE WHEN g % 5 = 0 THEN 'draft' ELSE 'finalized' END,
      jsonb_build_object('subjective', 'Seen for review ' || g, 'plan', 'Continue as before'),
      CASE WHEN g % 5 <> 0 THEN ${created}::timestamptz + g * interval '1 minute' END,
      CASE WHEN g % 5 <> 0 THEN ${ownerId}::uuid END,
      ${created}::timestamptz + g * interval '1 minute', ${ownerId},
      ${created}::timestamptz + g * interval '1 minute', ${ownerId},
      ${recordDeletedAt}, CASE WHEN (${recordDeletedAt}) IS NOT NULL THEN ${ownerId}::uuid END,
      ${nextSeqs(split.records)} + g
    FROM generate_series(0, ${split.records - 1}) AS g`);

  const photoPatient = sql`g % ${split.patients}`;
  const photoDeletedAt = sql`coalesce(${patientDeletedAt(photoPatient)},
    CASE WHEN ${all} OR g % 20 = 3 THEN ${due}::timestamptz
      WHEN g % 100 = 13 THEN ${recent}::timestamptz END)`;
  await db.many(sql`
    INSERT INTO photos (id, clinic_id, patient_id, kind, content_type, byte_size, width, height,
      sha256, captured_at, status, uploaded_at, created_at, created_by, updated_at, updated_by,
      deleted_at, deleted_by, change_seq)
    SELECT md5(${clinicId}::text || ':photo:' || g)::uuid, ${clinicId},
      md5(${clinicId}::text || ':patient:' || (${photoPatient}))::uuid, 'photo', 'image/jpeg',
      ${objectBytes}, 1600, 1200, md5('photo' || g) || md5('bytes' || g),
      ${created}::timestamptz + g * interval '1 minute', 'committed',
      CASE WHEN g % 10 <> 9 THEN ${created}::timestamptz + g * interval '1 minute' END,
      ${created}::timestamptz + g * interval '1 minute', ${ownerId},
      ${created}::timestamptz + g * interval '1 minute', ${ownerId},
      ${photoDeletedAt}, CASE WHEN (${photoDeletedAt}) IS NOT NULL THEN ${ownerId}::uuid END,
      ${nextSeqs(split.photos)} + g
    FROM generate_series(0, ${split.photos - 1}) AS g`);

  const appointmentPatient = sql`(g * 2) % ${split.patients}`;
  const appointmentDeletedAt = sql`coalesce(${patientDeletedAt(appointmentPatient)},
    CASE WHEN ${all} OR g % 40 = 7 THEN ${due}::timestamptz
      WHEN g % 100 = 17 THEN ${recent}::timestamptz END)`;
  await db.many(sql`
    INSERT INTO appointments (id, clinic_id, patient_id, clinician_id, type_id, starts_at, ends_at,
      status, created_at, created_by, updated_at, updated_by, deleted_at, deleted_by, change_seq)
    SELECT md5(${clinicId}::text || ':appointment:' || g)::uuid, ${clinicId},
      md5(${clinicId}::text || ':patient:' || (${appointmentPatient}))::uuid, ${ownerId},
      (${typeIds}::uuid[])[1 + g % ${typeIds.length}],
      ${created}::timestamptz + g * interval '1 hour',
      ${created}::timestamptz + g * interval '1 hour' + interval '30 minutes',
      'completed', ${created}::timestamptz, ${ownerId}, ${created}::timestamptz, ${ownerId},
      ${appointmentDeletedAt},
      CASE WHEN (${appointmentDeletedAt}) IS NOT NULL THEN ${ownerId}::uuid END,
      ${nextSeqs(split.appointments)} + g
    FROM generate_series(0, ${split.appointments - 1}) AS g`);

  // Custom templates, each with its version 1, and appointment types; none used by a row.
  const templateDeletedAt = sql`CASE WHEN ${all} OR g % 4 = 1 THEN ${due}::timestamptz
    WHEN g % 10 = 3 THEN ${recent}::timestamptz END`;
  const templateSeq = nextSeqs(split.templates * 2);
  await db.transaction(async (tx) => {
    await tx.many(sql`
      INSERT INTO record_templates (id, clinic_id, name, sort_order, current_version_id,
        current_version_number, created_at, created_by, updated_at, updated_by,
        deleted_at, deleted_by, change_seq)
      SELECT md5(${clinicId}::text || ':template:' || g)::uuid, ${clinicId}, 'Custom ' || g, 10 + g,
        md5(${clinicId}::text || ':template-version:' || g)::uuid, 1, ${created}, ${ownerId},
        ${created}, ${ownerId}, ${templateDeletedAt},
        CASE WHEN (${templateDeletedAt}) IS NOT NULL THEN ${ownerId}::uuid END,
        ${templateSeq} + g
      FROM generate_series(0, ${split.templates - 1}) AS g`);
    await tx.many(sql`
      INSERT INTO template_versions (id, clinic_id, template_id, number, name, fields,
        created_at, created_by, updated_at, updated_by, change_seq)
      SELECT md5(${clinicId}::text || ':template-version:' || g)::uuid, ${clinicId},
        md5(${clinicId}::text || ':template:' || g)::uuid, 1, 'Custom ' || g,
        '[{"id": "note", "type": "text", "label": "Note"}]'::jsonb,
        ${created}, ${ownerId}, ${created}, ${ownerId}, ${templateSeq + split.templates} + g
      FROM generate_series(0, ${split.templates - 1}) AS g`);
  });
  const typeDeletedAt = sql`CASE WHEN ${all} OR g % 3 = 1 THEN ${due}::timestamptz
    WHEN g = 9 THEN ${recent}::timestamptz END`;
  await db.many(sql`
    INSERT INTO appointment_types (id, clinic_id, name, duration_minutes, colour,
      created_at, created_by, updated_at, updated_by, deleted_at, deleted_by, change_seq)
    SELECT md5(${clinicId}::text || ':type:' || g)::uuid, ${clinicId}, 'Type ' || g, 30, '#336699',
      ${created}, ${ownerId}, ${created}, ${ownerId}, ${typeDeletedAt},
      CASE WHEN (${typeDeletedAt}) IS NOT NULL THEN ${ownerId}::uuid END,
      ${nextSeqs(split.appointmentTypes)} + g
    FROM generate_series(0, ${split.appointmentTypes - 1}) AS g`);

  await db.many(sql`UPDATE clinics SET change_seq = ${seq} WHERE id = ${clinicId}`);
}

export type SeededObjects = { keys: string[]; dueKeys: Set<string>; orphans: number };

/**
 * One object of `objectBytes` per uploaded photo at its `photoKey`, written 300 days ago; orphans
 * no row names, 10 % as many, written 45 days ago (older than retention + 1 day: due); and young
 * orphans, 1 %, written 10 days ago (kept, unless their patient is purged: its whole folder goes). File times are set with `utimes`, which is what the
 * disk driver's listing reads. The type files beside the objects are left out: the cleanup
 * never reads them.
 */
export async function seedObjects(
  db: Db,
  root: string,
  clinicId: string,
  o: { today: Date; retentionCutoff: string },
): Promise<SeededObjects> {
  const photos = await db.many<{
    id: string;
    patientId: string;
    due: boolean;
    patientDue: boolean;
  }>(sql`
    SELECT ph.id, ph.patient_id AS "patientId",
      (ph.deleted_at < ${o.retentionCutoff} OR pa.deleted_at < ${o.retentionCutoff}) IS TRUE AS due,
      (pa.deleted_at < ${o.retentionCutoff}) IS TRUE AS "patientDue"
    FROM photos ph JOIN patients pa ON pa.clinic_id = ph.clinic_id AND pa.id = ph.patient_id
    WHERE ph.clinic_id = ${clinicId} AND ph.uploaded_at IS NOT NULL
    ORDER BY ph.id`);
  const at = (daysAgo: number) => new Date(o.today.getTime() - daysAgo * dayMs);
  const files: { key: string; mtime: Date }[] = [];
  const dueKeys = new Set<string>();
  for (const photo of photos) {
    const key = photoKey({ clinicId, patientId: photo.patientId, photoId: photo.id });
    files.push({ key, mtime: at(300) });
    if (photo.due) dueKeys.add(key);
  }
  const orphans = Math.round(photos.length / 9);
  const patientIds = [...new Set(photos.map((photo) => photo.patientId))];
  // A purged patient's whole folder goes, young objects in it too.
  const duePatients = new Set(photos.filter((photo) => photo.patientDue).map((p) => p.patientId));
  const orphan = (i: number) =>
    photoKey({ clinicId, patientId: patientIds[i % patientIds.length] ?? '', photoId: uuidv7() });
  for (let i = 0; i < orphans; i++) {
    const key = orphan(i);
    files.push({ key, mtime: at(45) });
    dueKeys.add(key);
  }
  for (let i = 0; i < Math.round(orphans / 10); i++) {
    const key = orphan(i);
    files.push({ key, mtime: at(10) });
    if (duePatients.has(patientIds[i % patientIds.length] ?? '')) dueKeys.add(key);
  }

  const bytes = new Uint8Array(objectBytes).fill(0x5a);
  const madeDirs = new Map<string, Promise<unknown>>();
  let next = 0;
  const worker = async () => {
    while (next < files.length) {
      const file = files[next++];
      if (!file) break;
      const target = path.join(root, ...file.key.split('/'));
      const dir = path.dirname(target);
      if (!madeDirs.has(dir)) madeDirs.set(dir, mkdir(dir, { recursive: true }));
      await madeDirs.get(dir);
      await writeFile(target, bytes);
      await utimes(target, file.mtime, file.mtime);
    }
  };
  await Promise.all(Array.from({ length: 32 }, worker));
  return { keys: files.map((file) => file.key), dueKeys, orphans };
}
