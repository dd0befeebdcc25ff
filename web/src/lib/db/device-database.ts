import Dexie, { type EntityTable } from 'dexie';
import type { ClinicSettings, Me } from '@bedside/shared';
import type { DatabaseOwner } from './database';

/** What the device remembers across sign-ins, whoever is signed in. */
export type DeviceValues = {
  /** The signed-in user, so the app opens offline; removed on sign-out. */
  session: Me;
  /** The signed-in user's clinic (name, time zone, working hours), for offline use; removed on sign-out. */
  clinic: ClinicSettings;
  /** Whose database a sign-out left with unsent changes: opened so the sign-in page can count them. */
  unsentChangesOf: DatabaseOwner;
  /** The server said the clinic deactivated this device's account; removed at the next sign-in. */
  accountDeactivated: true;
};

type DeviceKey = keyof DeviceValues;
type DeviceEntry = { [K in DeviceKey]: { key: K; value: DeviceValues[K] } }[DeviceKey];

class DeviceDatabase extends Dexie {
  declare meta: EntityTable<DeviceEntry, 'key'>;

  constructor() {
    super('bedside-device');
    // Append-only list of versions, as in the clinic database.
    this.version(1).stores({ meta: 'key' });
  }
}

export const deviceDb = new DeviceDatabase();

export async function getDeviceValue<K extends DeviceKey>(
  key: K,
): Promise<DeviceValues[K] | undefined> {
  const entry = await deviceDb.meta.get(key);
  // Keyed by `key`: the entry under K holds DeviceValues[K].
  return entry?.value as DeviceValues[K] | undefined;
}

export async function setDeviceValue<K extends DeviceKey>(
  key: K,
  value: DeviceValues[K],
): Promise<void> {
  await deviceDb.meta.put({ key, value } as Extract<DeviceEntry, { key: K }>);
}

export async function removeDeviceValue(key: DeviceKey): Promise<void> {
  await deviceDb.meta.delete(key);
}
