import type { CleanupCounts } from '../domain/retention/cleanup-counts.ts';

const labels: Record<keyof CleanupCounts, string> = {
  patients: 'patients',
  records: 'draft notes',
  addenda: 'addenda',
  photos: 'photos and attachments',
  appointments: 'appointments',
  templates: 'templates',
  templateVersions: 'template versions',
  appointmentTypes: 'appointment types',
  authSessions: 'expired sign-in sessions',
  captureSessions: 'capture sessions',
  captureReservations: 'abandoned capture slots',
  rejections: 'refusal verdicts',
  stagedUploads: 'staged uploads',
  objects: 'objects',
  bytes: 'bytes',
};

/**
 * One line per clinic: its id and a count per kind, nothing about a patient.
 *
 * @example cleanupReportLine('0190…', counts, true) // 'clinic 0190… would remove: 2 expired sign-in sessions, …'
 */
export function cleanupReportLine(clinicId: string, counts: CleanupCounts, dryRun: boolean) {
  const parts = (Object.keys(labels) as (keyof CleanupCounts)[]).map(
    (kind) => `${counts[kind]} ${labels[kind]}`,
  );
  return `clinic ${clinicId} ${dryRun ? 'would remove' : 'removed'}: ${parts.join(', ')}`;
}
