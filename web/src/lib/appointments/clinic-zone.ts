import { session } from '$lib/session/session.svelte';

/**
 * The clinic's time zone, in which every appointment time is shown and entered: the clinic's
 * settings as last fetched, else the signed-in session's. Reactive inside `$derived`.
 *
 * @example const timeZone = $derived(clinicTimeZone());
 */
export function clinicTimeZone(): string {
  return session.clinic?.timezone ?? session.me?.clinic.timezone ?? 'UTC';
}
