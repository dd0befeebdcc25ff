import type { MessageLogEntry, MessageLogPage, MessageLogQuery } from '@bedside/shared/reminders';
import { apiFetch } from '$lib/api/client';

/** The query string of a delivery-log request: only the filters that are set. */
export function messageLogSearch(query: MessageLogQuery): string {
  const params = new URLSearchParams();
  for (const key of ['status', 'patientId', 'from', 'to', 'before'] as const) {
    const value = query[key];
    if (value) params.set(key, value);
  }
  const text = params.toString();
  return text === '' ? '' : `?${text}`;
}

/** One page of the delivery log, newest first (owner, online). */
export function fetchMessageLog(query: MessageLogQuery): Promise<MessageLogPage> {
  return apiFetch<MessageLogPage>(`/api/messages${messageLogSearch(query)}`);
}

/** Sends a failed message again; answers the new log entry. */
export function resendMessage(id: string): Promise<MessageLogEntry> {
  return apiFetch<MessageLogEntry>(`/api/messages/${encodeURIComponent(id)}/resend`, {
    method: 'POST',
  });
}
