import type {
  AppointmentReminders,
  MessageLogEntry,
  PatientReminderStatus,
  ReminderSettings,
  TestMessageRequest,
} from '@bedside/shared/reminders';
import { apiFetch } from '$lib/api/client';

/** The clinic's reminder settings (online). */
export function fetchReminderSettings(): Promise<ReminderSettings> {
  return apiFetch<ReminderSettings>('/api/reminders/settings');
}

/** Saves the reminder settings (owner, online) and answers them as the server stored them. */
export function putReminderSettings(settings: ReminderSettings): Promise<ReminderSettings> {
  return apiFetch<ReminderSettings>('/api/reminders/settings', { method: 'PUT', json: settings });
}

/** Sends one template, as saved, to the signed-in user's own address. */
export function sendTestMessage(kind: TestMessageRequest['kind']): Promise<MessageLogEntry> {
  return apiFetch<MessageLogEntry>('/api/reminders/test', { method: 'POST', json: { kind } });
}

/** The messages sent, skipped or failed for an appointment, and those still to come. */
export function fetchAppointmentReminders(appointmentId: string): Promise<AppointmentReminders> {
  return apiFetch<AppointmentReminders>(
    `/api/appointments/${encodeURIComponent(appointmentId)}/reminders`,
  );
}

/** Whether the patient followed an unsubscribe link, and when. */
export function fetchPatientReminderStatus(patientId: string): Promise<PatientReminderStatus> {
  return apiFetch<PatientReminderStatus>(
    `/api/patients/${encodeURIComponent(patientId)}/reminder-status`,
  );
}

/** Turns reminders back on for a patient who unsubscribed and asked for them again. */
export async function resubscribePatient(patientId: string): Promise<void> {
  await apiFetch<undefined>(`/api/patients/${encodeURIComponent(patientId)}/unsubscribe`, {
    method: 'DELETE',
  });
}
