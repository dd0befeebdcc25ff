import type { JobRun, JobRunsResponse } from '@bedside/shared';
import { apiFetch } from '$lib/api/client';
import { formatBytes } from '$lib/photos/format-bytes';
import { countOf } from '$lib/ui/plural';

/** The clinic's last job runs, newest first (owner only; online). */
export async function fetchJobRuns(): Promise<JobRun[]> {
  const { runs } = await apiFetch<JobRunsResponse>('/api/jobs/runs');
  return runs;
}

const jobNames: Record<string, string> = {
  cleanup: 'Nightly cleanup',
  reminders: 'Appointment reminders',
};

/** What a run that did nothing says, by job. */
const idleWords: Record<string, string> = { reminders: 'Nothing to send' };

let clinicFormat: Intl.DateTimeFormat | undefined;

/**
 * When a run was scheduled, on the clinic's clock (the jobs run by it), as this device writes
 * dates: "7 Dec 2026, 03:00" on an en-GB device.
 */
export function scheduledTime(iso: string, timeZone: string): string {
  if (clinicFormat?.resolvedOptions().timeZone !== timeZone)
    clinicFormat = new Intl.DateTimeFormat(undefined, {
      dateStyle: 'medium',
      timeStyle: 'short',
      timeZone,
    });
  return clinicFormat.format(new Date(iso));
}

/** A job's name for people: "Nightly cleanup" for `cleanup`. */
export function jobName(job: string): string {
  return jobNames[job] ?? job;
}

/** How each count of the cleanup reads, singular and plural. */
const countWords: Record<string, [string, string]> = {
  patients: ['patient deleted for good', 'patients deleted for good'],
  records: ['note', 'notes'],
  addenda: ['addendum', 'addenda'],
  photos: ['photo or attachment', 'photos and attachments'],
  appointments: ['appointment', 'appointments'],
  templates: ['template', 'templates'],
  templateVersions: ['template version', 'template versions'],
  appointmentTypes: ['appointment type', 'appointment types'],
  authSessions: ['expired sign-in', 'expired sign-ins'],
  captureSessions: ['phone capture session', 'phone capture sessions'],
  captureReservations: ['unfinished phone photo', 'unfinished phone photos'],
  rejections: ['old refusal record', 'old refusal records'],
  stagedUploads: ['abandoned upload', 'abandoned uploads'],
  objects: ['stored file', 'stored files'],
  sent: ['message sent', 'messages sent'],
  skipped: ['message skipped', 'messages skipped'],
  failed: ['message failed', 'messages failed'],
  retried: ['retry', 'retries'],
};

/**
 * What a run did, in words: "2 expired sign-ins, 3 stored files (1.2 MB)", or "Nothing to
 * remove" ("Nothing to send" for reminders) when every count is 0. Counts this screen has no
 * words for are named by their key.
 *
 * @example describeCounts({ authSessions: 2, objects: 3, bytes: 1_250_000 })
 */
export function describeCounts(counts: Record<string, number>, job = 'cleanup'): string {
  const parts: string[] = [];
  for (const [key, count] of Object.entries(counts)) {
    if (key === 'bytes' || count === 0) continue;
    const words = countWords[key];
    const part = words ? countOf(count, words[0], words[1]) : `${key}: ${count}`;
    parts.push(
      key === 'objects' && counts['bytes'] ? `${part} (${formatBytes(counts['bytes'])})` : part,
    );
  }
  return parts.length > 0 ? parts.join(', ') : (idleWords[job] ?? 'Nothing to remove');
}
