import { uuidv7 } from 'uuidv7';
import {
  makeProblem,
  type CreateClinicRequest,
  type LoginRequest,
  type Me,
  type User,
} from '@bedside/shared';
import type { LoginChallenge } from '@bedside/shared/two-factor';
import {
  deleteSession,
  findLoginByEmail,
  findSessionMe,
  insertClinic,
  insertSession,
  insertUser,
  isEmailTaken,
  listClinicUsers,
} from '../../storage/account-queries.ts';
import { isUniqueViolation } from '../../storage/db-errors.ts';
import { seedBuiltInAppointmentTypes } from '../appointments/builtin-appointment-types.ts';
import { seedBuiltInTemplates } from '../templates/builtin-templates.ts';
import type { Deps, Result } from '../deps.ts';
import { decoyPasswordHash, hashPassword, verifyPassword } from './passwords.ts';
import { noteSessionSeen } from './session-devices.ts';
import { hashSessionToken, newSessionToken } from './session-tokens.ts';
import { issueLoginChallenge, usesTwoFactor } from './login-challenge.ts';

export type SignedIn = { me: Me; token: string; maxAgeSeconds: number };

/** The password was right, but a user with two-factor signs in only with a code as well. */
export type NeedsCode = { challenge: LoginChallenge };

const emailTaken = makeProblem('email-taken', 409, 'An account with this email already exists.');

/**
 * A new clinic with a fresh epoch, its owner (signed in), the built-in templates and appointment
 * types.
 */
export async function createClinic(
  deps: Deps,
  input: CreateClinicRequest,
  sessionDays: number,
  device: string | null = null,
): Promise<Result<SignedIn>> {
  const passwordHash = await hashPassword(input.password);
  return unlessEmailTaken(() =>
    deps.db.transaction(async (db) => {
      if (await isEmailTaken(db, input.email)) return { ok: false, problem: emailTaken };
      const clinic = await insertClinic(db, {
        id: uuidv7(),
        name: input.clinicName,
        timezone: input.timezone,
        epoch: uuidv7(),
      });
      const user: User = {
        id: uuidv7(),
        clinicId: clinic.id,
        name: input.name,
        email: input.email,
        role: 'owner',
      };
      await insertUser(db, { ...user, passwordHash });
      const seeding = {
        clinicId: clinic.id,
        authorId: user.id,
        actorId: user.id,
        requestId: null,
        at: deps.clock().toISOString(),
      };
      await seedBuiltInAppointmentTypes(db, seeding, await seedBuiltInTemplates(db, seeding));
      return {
        ok: true,
        value: await startSession({ ...deps, db }, { user, clinic }, sessionDays, device),
      };
    }),
  );
}

/** The existence check misses a concurrent sign-up with the same email; the unique index does not. */
async function unlessEmailTaken<T>(write: () => Promise<Result<T>>): Promise<Result<T>> {
  try {
    return await write();
  } catch (error) {
    if (isUniqueViolation(error)) return { ok: false, problem: emailTaken };
    throw error;
  }
}

/**
 * Unknown email and wrong password take as long and answer the same. A user with two-factor on
 * gets no session yet: a challenge for `completeTwoFactorLogin` instead.
 */
export async function login(
  deps: Deps,
  input: LoginRequest,
  sessionDays: number,
  device: string | null = null,
): Promise<Result<SignedIn | NeedsCode>> {
  const found = await findLoginByEmail(deps.db, input.email);
  const matches = await verifyPassword(
    input.password,
    found?.passwordHash ?? (await decoyPasswordHash()),
  );
  if (!found || !matches) {
    return {
      ok: false,
      problem: makeProblem('unauthenticated', 401, 'Email or password is incorrect.'),
    };
  }
  const { passwordHash: _, ...me } = found;
  if (await usesTwoFactor(deps, me.user.id)) {
    return { ok: true, value: { challenge: await issueLoginChallenge(deps, me.user.id) } };
  }
  return { ok: true, value: await startSession(deps, me, sessionDays, device) };
}

/** Signs `me` in; `device` is the short label "My devices" shows (`deviceLabel` of the User-Agent). */
export async function startSession(
  deps: Deps,
  me: Me,
  sessionDays: number,
  device: string | null,
): Promise<SignedIn> {
  const { token, tokenHash } = newSessionToken();
  const maxAgeSeconds = sessionDays * 24 * 60 * 60;
  const createdAt = deps.clock();
  const expiresAt = new Date(createdAt.getTime() + maxAgeSeconds * 1000);
  await insertSession(deps.db, {
    tokenHash,
    userId: me.user.id,
    clinicId: me.clinic.id,
    createdAt,
    expiresAt,
    id: uuidv7(),
    device,
  });
  return { me, token, maxAgeSeconds };
}

export async function sessionFromToken(
  deps: Deps,
  token: string,
): Promise<(Me & { tokenHash: string }) | undefined> {
  return (await liveSession(deps, token))?.session;
}

/**
 * The session of `token` if it is live, and when it ends (for a cache that must not outlive it).
 * Refreshes its last-seen time when that is a few minutes old.
 */
export async function liveSession(
  deps: Deps,
  token: string,
): Promise<{ session: Me & { tokenHash: string }; expiresAt: Date } | undefined> {
  const tokenHash = hashSessionToken(token);
  const found = await findSessionMe(deps.db, tokenHash, deps.clock());
  if (found) await noteSessionSeen(deps, tokenHash, found.lastSeenAt);
  return found && { session: { ...found.me, tokenHash }, expiresAt: found.expiresAt };
}

export async function logout(deps: Deps, tokenHash: string): Promise<void> {
  await deleteSession(deps.db, tokenHash);
}

export async function listUsers(deps: Deps, clinicId: string): Promise<Omit<User, 'clinicId'>[]> {
  return listClinicUsers(deps.db, clinicId);
}
