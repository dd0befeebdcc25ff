import type { ClinicSettings, ClinicSettingsUpdate } from '@bedside/shared';
import { apiFetch } from '$lib/api/client';
import { setDeviceValue } from '$lib/db/device-database';

/**
 * Fetches the clinic's settings and keeps them on the device, so the calendar shades working
 * hours offline too.
 *
 * @example
 * session.clinic = await fetchClinicSettings();
 */
export async function fetchClinicSettings(): Promise<ClinicSettings> {
  const settings = await apiFetch<ClinicSettings>('/api/clinic');
  await setDeviceValue('clinic', settings);
  return settings;
}

/** Sends a change (owners only, online only) and keeps the server's answer on the device. */
export async function patchClinicSettings(changes: ClinicSettingsUpdate): Promise<ClinicSettings> {
  const settings = await apiFetch<ClinicSettings>('/api/clinic', {
    method: 'PATCH',
    json: changes,
  });
  await setDeviceValue('clinic', settings);
  return settings;
}
