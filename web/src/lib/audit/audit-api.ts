import type { AuditPage, AuditQuery } from '@bedside/shared/audit';
import { apiFetch } from '$lib/api/client';
import { auditSearch } from './audit-log-view';

/** One page of the audit log, newest first (owner, online). */
export function fetchAuditLog(query: AuditQuery): Promise<AuditPage> {
  return apiFetch<AuditPage>(`/api/audit${auditSearch(query)}`);
}

/** Where the whole match downloads as CSV (the browser sends the session cookie). */
export function auditCsvHref(query: AuditQuery): string {
  return `/api/audit.csv${auditSearch(query)}`;
}
