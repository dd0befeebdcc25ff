import type { Hono } from 'hono';
import { uuidv7 } from 'uuidv7';
import type { Me, Role, User } from '@bedside/shared';
import { hashPassword } from '../src/domain/accounts/passwords.ts';
import type { AppEnv } from '../src/http/app-env.ts';
import { insertUser } from '../src/storage/account-queries.ts';
import type { Db } from '../src/storage/db.ts';
import { ApiClient, testPassword, uniqueEmail } from './test-app.ts';

/** The app and its database, as `bedsideFor` gives them. */
export type TestServer = { readonly app: Hono<AppEnv>; readonly db: Db };

/** The client a colleague signed in on, and who they are (the sign-in's answer). */
export type Colleague = { api: ApiClient; me: Me };

/**
 * A user of `clinicId` as an accepted invitation leaves one (the row the app writes, with its
 * own password hashing of `testPassword`; no route lets anyone type a password for someone
 * else), signed in through `POST /api/auth/login` on `client` (a new one unless given), with
 * `headers` such as a user-agent for the session's device.
 *
 * @example
 * const nurse = await addColleague(bedside, owner.me.clinic.id, { role: 'assistant' });
 * await nurse.api.get('/api/sync/pull');
 */
export async function addColleague(
  server: TestServer,
  clinicId: string,
  options: {
    name?: string;
    email?: string;
    role?: Role;
    client?: ApiClient;
    headers?: Record<string, string>;
  } = {},
): Promise<Colleague> {
  const role = options.role ?? 'clinician';
  const user: User = {
    id: uuidv7(),
    clinicId,
    name: options.name ?? 'Nurse Joy',
    email: options.email ?? uniqueEmail(role),
    role,
  };
  await insertUser(server.db, { ...user, passwordHash: await hashPassword(testPassword) });
  const api = options.client ?? new ApiClient(server.app);
  const response = await api.post(
    '/api/auth/login',
    { email: user.email, password: testPassword },
    { headers: options.headers },
  );
  if (response.status !== 200)
    throw new Error(`colleague sign-in failed: ${response.status} ${await response.text()}`);
  return { api, me: (await response.json()) as Me };
}
