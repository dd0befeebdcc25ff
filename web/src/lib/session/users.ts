import type { Role } from '@bedside/shared';
import { apiFetch } from '$lib/api/client';
import type { BedsideDatabase, CachedUser } from '$lib/db/database';

export type ClinicUser = { id: string; name: string; email: string; role: Role };

/** Fetches the clinic's users and keeps them on the device, so names show offline too. */
export async function fetchUsers(database: BedsideDatabase): Promise<ClinicUser[]> {
  const { users } = await apiFetch<{ users: ClinicUser[] }>('/api/users');
  await database.transaction('rw', database.users, async () => {
    await database.users.clear();
    await database.users.bulkPut(
      users.map(({ id, name, email, role }): CachedUser => ({ id, name, email, role })),
    );
  });
  return users;
}
