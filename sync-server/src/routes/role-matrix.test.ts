import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from 'uuidv7';
import {
  can,
  capabilityOfMutation,
  mutationNames,
  problemType,
  roles,
  type Capability,
  type Me,
  type MutationName,
  type Role,
} from '@bedside/shared';
import {
  appointmentCancel,
  appointmentTypeUpdate,
  appointmentUpdate,
  newAppointment,
  newAppointmentType,
  plusMinutes,
} from '../../test/appointment-helpers.ts';
import { newPhoto } from '../../test/photo-helpers.ts';
import {
  ApiClient,
  byId,
  Device,
  migratedDb,
  newPatient,
  newRecord,
  newTemplate,
  publishTemplate,
  recordUpdate,
  signUp,
  startBedside,
  type TestMutation,
} from '../../test/test-app.ts';
import { addColleague } from '../../test/colleagues.ts';
import type { Db } from '../storage/db.ts';
import { dbKinds } from '../../test/test-db.ts';

/**
 * Rows the owner makes for one role's walk through every mutation: a patient, a template, a
 * draft note ready to sign, a signed note and a photo not yet committed.
 */
type Fixture = {
  patientId: string;
  templateVersionId: string;
  draftId: string;
  signedId: string;
  photoId: string;
  clinicianId: string;
  startsAt: string;
};

/** Ids a walk creates and then works on, so every later mutation has a row of its own. */
type Fresh = Record<'patient' | 'template' | 'type' | 'appointment' | 'record' | 'photo', string>;

/**
 * One mutation of each name that the matrix decides alone: valid args on rows that exist, in
 * registry order (a create comes before the update, delete and restore of what it created). A
 * new mutation fails to compile here until it has a sample, so the walk covers it.
 */
const samples: Record<MutationName, (f: Fixture, fresh: Fresh) => TestMutation> = {
  'patient.create': (_, fresh) => {
    const create = newPatient({ familyName: 'Walk' });
    return { ...create, args: { ...create.args, id: fresh.patient } };
  },
  'patient.update': (f) => ({
    name: 'patient.update',
    args: { id: f.patientId, baseVersion: 1, fields: { phone: '+49 30 1234' } },
  }),
  'patient.delete': (_, fresh) => byId('patient.delete', fresh.patient),
  'patient.restore': (_, fresh) => byId('patient.restore', fresh.patient),
  'template.create': (_, fresh) => {
    const create = newTemplate();
    return { ...create, args: { ...create.args, id: fresh.template } };
  },
  'template.publish': (_, fresh) => publishTemplate(fresh.template, 1),
  'template.update': (_, fresh) => ({
    name: 'template.update',
    args: { id: fresh.template, baseVersion: 2, fields: { sortOrder: 99 } },
  }),
  'template.delete': (_, fresh) => byId('template.delete', fresh.template),
  'template.restore': (_, fresh) => byId('template.restore', fresh.template),
  'appointmentType.create': (_, fresh) => {
    const create = newAppointmentType({ name: `Type ${fresh.type.slice(-6)}` });
    return { ...create, args: { ...create.args, id: fresh.type } };
  },
  'appointmentType.update': (_, fresh) =>
    appointmentTypeUpdate(fresh.type, 1, { durationMinutes: 50 }),
  'appointmentType.delete': (_, fresh) => byId('appointmentType.delete', fresh.type),
  'appointmentType.restore': (_, fresh) => byId('appointmentType.restore', fresh.type),
  'appointment.create': (f, fresh) => {
    const create = newAppointment(f.patientId, f.clinicianId, { startsAt: f.startsAt });
    return { ...create, args: { ...create.args, id: fresh.appointment } };
  },
  'appointment.update': (f, fresh) =>
    appointmentUpdate(fresh.appointment, 1, { endsAt: plusMinutes(f.startsAt, 45) }),
  'appointment.cancel': (_, fresh) => appointmentCancel(fresh.appointment, 2, 'Unwell'),
  'appointment.delete': (_, fresh) => byId('appointment.delete', fresh.appointment),
  'appointment.restore': (_, fresh) => byId('appointment.restore', fresh.appointment),
  'record.create': (f, fresh) => {
    const create = newRecord(f.patientId, f.templateVersionId, { complaint: 'Knee' });
    return { ...create, args: { ...create.args, id: fresh.record } };
  },
  'record.update': (_, fresh) => recordUpdate(fresh.record, 1, { pain: 3 }),
  'record.finalize': (f) => byId('record.finalize', f.draftId),
  'record.archive': (f) => byId('record.archive', f.signedId),
  'record.unarchive': (f) => byId('record.unarchive', f.signedId),
  'record.delete': (_, fresh) => byId('record.delete', fresh.record),
  'record.restore': (_, fresh) => byId('record.restore', fresh.record),
  'addendum.create': (f) => ({
    name: 'addendum.create',
    args: { id: uuidv7(), recordId: f.signedId, text: 'Seen again.' },
  }),
  'photo.create': (f, fresh) => {
    const create = newPhoto(f.patientId);
    return { ...create, args: { ...create.args, id: fresh.photo } };
  },
  'photo.update': (f) => ({
    name: 'photo.update',
    args: { id: f.photoId, baseVersion: 1, fields: { description: 'Healing' } },
  }),
  'photo.commit': (f) => byId('photo.commit', f.photoId),
  'photo.delete': (_, fresh) => byId('photo.delete', fresh.photo),
  'photo.restore': (_, fresh) => byId('photo.restore', fresh.photo),
};

/** What lets a request through a route: a capability of the signed-in user's role, or else. */
type Guard =
  | Capability
  /** Any signed-in member; what they may do is decided deeper (per mutation, per table). */
  | 'member'
  /** No session: signing up and in, password reset, health. */
  | 'public'
  /** A credential of its own instead of a session: signed URLs, capture and unsubscribe tokens. */
  | 'token';

/** Every route of the app and what it asks for. A route missing here fails the last test. */
const routeGuards: Record<string, Guard> = {
  'PUT /api/blobs/:token': 'token',
  'GET /api/blobs/:token': 'token',
  'GET /unsubscribe/:token': 'token',
  'POST /unsubscribe/:token': 'token',
  'GET /api/health': 'public',
  'POST /api/clinics': 'public',
  'POST /api/auth/login': 'public',
  'POST /api/auth/logout': 'public',
  'GET /api/auth/me': 'member',
  'POST /api/auth/password': 'member',
  'GET /api/auth/two-factor': 'member',
  'POST /api/auth/two-factor/setup': 'member',
  'POST /api/auth/two-factor/enable': 'member',
  'POST /api/auth/two-factor/disable': 'member',
  'POST /api/auth/two-factor/recovery-codes': 'member',
  'POST /api/auth/login/two-factor': 'public',
  'POST /api/auth/password-reset': 'public',
  'POST /api/auth/password-reset/confirm': 'public',
  'GET /api/auth/sessions': 'member',
  'POST /api/auth/sessions/end-others': 'member',
  'DELETE /api/auth/sessions/:id': 'member',
  'GET /api/clinic': 'member',
  'PATCH /api/clinic': 'clinic.manage',
  'POST /api/deleted/purge': 'deleted.purge',
  'GET /api/users': 'member',
  'GET /api/users/deactivated': 'users.manage',
  'PATCH /api/users/:id': 'users.manage',
  'POST /api/users/:id/deactivate': 'users.manage',
  'POST /api/users/:id/reactivate': 'users.manage',
  'GET /api/invitations': 'users.manage',
  'POST /api/invitations': 'users.manage',
  'POST /api/invitations/:id/resend': 'users.manage',
  'DELETE /api/invitations/:id': 'users.manage',
  'POST /api/invitations/lookup': 'public',
  'POST /api/invitations/accept': 'public',
  'POST /api/sync/push': 'member',
  'GET /api/sync/pull': 'member',
  'GET /api/sync/events': 'member',
  'GET /api/records/:id/history': 'clinical.read',
  'POST /api/photos/:id/upload-url': 'photos.add',
  'POST /api/photos/:id/complete': 'photos.add',
  'GET /api/photos/:id/content': 'photos.read',
  'POST /api/capture-sessions': 'photos.add',
  'GET /api/capture-sessions/:id': 'photos.add',
  'GET /api/capture-sessions/:id/events': 'photos.add',
  'POST /api/capture-sessions/:id/end': 'photos.add',
  'POST /api/capture/open': 'token',
  'GET /api/capture/session': 'token',
  'POST /api/capture/photos/:id/upload-url': 'token',
  'POST /api/capture/photos/:id/complete': 'token',
  'GET /api/jobs/runs': 'clinic.manage',
  'GET /api/reminders/settings': 'clinic.manage',
  'PUT /api/reminders/settings': 'clinic.manage',
  'POST /api/reminders/test': 'clinic.manage',
  'GET /api/messages': 'clinic.manage',
  'POST /api/messages/:id/resend': 'clinic.manage',
  'GET /api/appointments/:id/reminders': 'appointments.read',
  'GET /api/patients/:id/reminder-status': 'patients.read',
  'DELETE /api/patients/:id/unsubscribe': 'patients.write',
  'GET /api/audit': 'audit.read',
  'GET /api/audit.csv': 'audit.read',
  'POST /api/audit/reads': 'patients.read',
};

const forbidden = { type: problemType('forbidden'), status: 403 };

describe.each(dbKinds)('the role matrix on %s', (kind) => {
  let db: Db;
  let bedside: ReturnType<typeof startBedside>;
  beforeAll(async () => {
    db = await migratedDb(kind);
    // One clinic makes every request here: more writes a minute than the default limit allows.
    bedside = startBedside(db, { config: { rateLimitWrites: 100_000 } });
  });
  afterAll(async () => {
    await bedside.close();
    await db.close();
  });
  let owner: Awaited<ReturnType<typeof signUp>>;
  const members = new Map<Role, { api: ApiClient; device: Device; me: Me }>();

  async function member(role: Role) {
    const known = members.get(role);
    if (known) return known;
    owner ??= await signUp(bedside.app, 'roles');
    if (role === 'owner') {
      const found = { api: owner.api, device: new Device(owner.api), me: owner.me };
      members.set(role, found);
      return found;
    }
    const { api, me } = await addColleague({ app: bedside.app, db }, owner.me.clinic.id, {
      name: `A ${role}`,
      role,
    });
    const found = { api, device: new Device(api), me };
    members.set(role, found);
    return found;
  }

  /** The owner's rows for one role's walk, each role its own so versions stay as samples say. */
  async function fixtureFor(index: number): Promise<Fixture> {
    const { device } = await member('owner');
    const patient = newPatient({ familyName: `Fixture ${index}` });
    const template = newTemplate();
    const draft = newRecord(patient.args.id, template.args.version.id, { complaint: 'Heel' });
    const signed = newRecord(patient.args.id, template.args.version.id, { complaint: 'Hip' });
    const photo = newPhoto(patient.args.id, undefined, { commit: false });
    const { body } = await device.push([
      patient,
      template,
      draft,
      signed,
      byId('record.finalize', signed.args.id),
      photo,
    ]);
    expect(body.results.map((r) => r.status)).toEqual(Array(6).fill('applied'));
    return {
      patientId: patient.args.id,
      templateVersionId: template.args.version.id,
      draftId: draft.args.id,
      signedId: signed.args.id,
      photoId: photo.args.id,
      clinicianId: owner.me.user.id,
      startsAt: plusMinutes('2026-03-02T08:00:00.000Z', index * 24 * 60),
    };
  }

  it('applies every mutation a role may make and refuses every other with 403 forbidden', async () => {
    for (const [index, role] of roles.entries()) {
      const fixture = await fixtureFor(index);
      const fresh: Fresh = {
        patient: uuidv7(),
        template: uuidv7(),
        type: uuidv7(),
        appointment: uuidv7(),
        record: uuidv7(),
        photo: uuidv7(),
      };
      const walk = mutationNames.map((name) => samples[name](fixture, fresh));
      const { device } = await member(role);
      const { status, body } = await device.push(walk);
      expect(status).toBe(200);
      const outcomes = mutationNames.map((name, i) => {
        const result = body.results[i];
        const allowed = can(role, capabilityOfMutation(name));
        // An allowed mutation that fails shows its whole result, problem and all.
        if (allowed) return { name, outcome: result?.status === 'applied' ? 'applied' : result };
        return { name, outcome: { result: result?.status, problem: result?.problem } };
      });
      expect(outcomes, role).toEqual(
        mutationNames.map((name) => ({
          name,
          outcome: can(role, capabilityOfMutation(name))
            ? 'applied'
            : {
                result: 'rejected',
                problem: { ...forbidden, title: expect.stringMatching(/^Only .+ can .+\.$/) },
              },
        })),
      );
      if (role === 'assistant') {
        // Nothing of what was refused reached the server: no note, no addendum, no new state.
        const seen = await (await member('owner')).device.pullAll();
        expect(seen.records.find((r) => r.id === fresh.record)).toBeUndefined();
        expect(seen.records.find((r) => r.id === fixture.draftId)?.status).toBe('draft');
        expect(seen.records.find((r) => r.id === fixture.signedId)?.status).toBe('finalized');
        expect(seen.addenda.filter((a) => a.recordId === fixture.signedId)).toEqual([]);
        expect(seen.templates.find((t) => t.id === fresh.template)).toBeUndefined();
        expect(seen.patients.find((p) => p.id === fresh.patient)?.deletedAt).toBeNull();
      }
    }
  });

  it('never gives an assistant notes, addenda, or their conflicts and purges', async () => {
    const owners = (await member('owner')).device;
    const clinicians = (await member('clinician')).device;
    const fixture = await fixtureFor(9);
    // Two devices change the same answer and the same phone from one base: conflicts of both.
    await owners.push([
      recordUpdate(fixture.draftId, 1, { pain: 2 }),
      {
        name: 'patient.update',
        args: { id: fixture.patientId, baseVersion: 1, fields: { phone: '1' } },
      },
    ]);
    const lost = await clinicians.push([
      recordUpdate(fixture.draftId, 1, { pain: 7 }),
      {
        name: 'patient.update',
        args: { id: fixture.patientId, baseVersion: 1, fields: { phone: '2' } },
      },
    ]);
    expect(lost.body.results.map((r) => r.status)).toEqual(['conflict', 'conflict']);
    // A deleted draft deleted for good: a purge of a note.
    const doomed = newRecord(fixture.patientId, fixture.templateVersionId);
    await owners.push([doomed, byId('record.delete', doomed.args.id)]);
    const purged = await owner.api.post('/api/deleted/purge', {
      entity: 'records',
      id: doomed.args.id,
    });
    expect(purged.status).toBe(200);

    const clinicianSees = await clinicians.pullAll();
    expect(clinicianSees.records.length).toBeGreaterThan(0);
    expect(clinicianSees.addenda.length).toBeGreaterThan(0);
    expect(clinicianSees.conflicts.map((c) => c.entity)).toContain('records');
    expect(clinicianSees.purges.map((p) => p.entity)).toContain('records');

    const assistant = (await member('assistant')).device;
    // In small pages too: the rows left out never stop the cursor short of what follows them.
    for (const limit of [undefined, 3]) {
      const sees = await assistant.pullAll(limit);
      expect(sees.records).toEqual([]);
      expect(sees.addenda).toEqual([]);
      const conflicts = sees.conflicts.map((c) => c.entity);
      expect(conflicts).toContain('patients');
      expect(conflicts).toEqual(
        clinicianSees.conflicts
          .map((c) => c.entity)
          .filter((entity) => entity !== 'records' && entity !== 'addenda'),
      );
      expect(sees.purges.filter((p) => p.entity === 'records')).toEqual([]);
      expect(sees.patients.map((p) => p.id)).toContain(fixture.patientId);
      expect(sees.photos.map((p) => p.id)).toContain(fixture.photoId);
    }
  });

  it('lets each role through each route its capability allows, and no further', async () => {
    const anyId = uuidv7();
    const table: { route: string; role: Role; refused: boolean }[] = [];
    const seen: typeof table = [];
    for (const [route, guard] of Object.entries(routeGuards)) {
      if (guard === 'public' || guard === 'token') continue;
      const [method = '', pattern = ''] = route.split(' ');
      const path = pattern.replace(':id', anyId);
      for (const role of roles) {
        const { api } = await member(role);
        const response = await api.request(method, path, {
          json: method === 'GET' || method === 'DELETE' ? undefined : {},
        });
        const body = response.headers.get('content-type')?.includes('json')
          ? ((await response.json()) as { type?: string })
          : (await response.body?.cancel(), {});
        table.push({ route, role, refused: guard !== 'member' && !can(role, guard) });
        seen.push({
          route,
          role,
          refused: response.status === 403 && body.type === problemType('forbidden'),
        });
        expect(response.status, `${role} ${route}`).not.toBe(401);
      }
    }
    expect(seen).toEqual(table);
  });

  it('lists every route of the app in the table above', () => {
    const routes = bedside.app.routes
      .filter((route) => route.method !== 'ALL')
      .map((route) => `${route.method} ${route.path}`);
    expect(routes.filter((route) => !(route in routeGuards))).toEqual([]);
    expect(Object.keys(routeGuards).filter((route) => !routes.includes(route))).toEqual([]);
  });
});
