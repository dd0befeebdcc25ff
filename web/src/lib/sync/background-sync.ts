import { useClinicDatabase } from '$lib/db/database';
import { getDeviceValue } from '$lib/db/device-database';
import { isApiError } from '$lib/api/client';
import { pushOutbox, withPushLock } from './push';

/**
 * The service worker's Background Sync job: push the signed-in user's outbox with the same
 * code the page uses. Resolves when there is nothing (more) to do; rejects when it is worth
 * the browser trying again later (offline, server trouble).
 */
export async function drainOutbox(): Promise<void> {
  const me = await getDeviceValue('session');
  if (!me) return;
  const database = useClinicDatabase({ clinicId: me.clinic.id, userId: me.user.id });
  try {
    await withPushLock(() => pushOutbox(database));
  } catch (error) {
    // Signed out: retrying cannot help until the user signs in again in a tab.
    if (isApiError(error, 401)) return;
    throw error;
  }
}
