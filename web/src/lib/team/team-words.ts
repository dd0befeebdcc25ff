import type { DeactivatedUser, UnsentReport } from '@bedside/shared/team';
import { countOf } from '$lib/ui/plural';
import { formatRelative } from '$lib/ui/relative-time';

/**
 * What a deactivated user's device is told, with the changes it still holds.
 *
 * @example
 * deactivatedSentence(3)
 * // 'Your account was deactivated by the clinic. 3 changes made on this device have not been sent; they stay on this device.'
 */
export function deactivatedSentence(unsent: number): string {
  const first = 'Your account was deactivated by the clinic.';
  if (unsent === 0) return `${first} Everything made on this device was sent.`;
  const verb = unsent === 1 ? 'has' : 'have';
  return `${first} ${countOf(unsent, 'change')} made on this device ${verb} not been sent; they stay on this device.`;
}

/** "a device last reported 3 unsent changes (2 h ago)"; "Chrome on Android last reported…". */
export function unsentReportWords(report: UnsentReport, nowMs: number): string {
  const who = report.device ?? 'a device';
  return `${who} last reported ${countOf(report.unsentChanges, 'unsent change')} (${formatRelative(report.reportedAt, nowMs)})`;
}

/**
 * The status line of a deactivated user on Settings → Users.
 *
 * @example
 * deactivatedStatus(user, Date.now())
 * // 'Deactivated · a device last reported 3 unsent changes (2 h ago)'
 */
export function deactivatedStatus(user: DeactivatedUser, nowMs: number): string {
  if (user.unsentReports.length === 0) return 'Deactivated · no device reported unsent changes';
  return ['Deactivated', ...user.unsentReports.map((r) => unsentReportWords(r, nowMs))].join(' · ');
}

/** "Expires in 6 days" / "Expired": how long a pending invitation's link still works. */
export function invitationExpiry(expiresAt: string, nowMs: number): string {
  const left = Date.parse(expiresAt) - nowMs;
  if (left <= 0) return 'Link expired: resend it';
  // To the nearest day, so a link sent a minute ago still reads "7 more days".
  const days = Math.round(left / (24 * 60 * 60 * 1000));
  if (days >= 1) return `Link works for ${countOf(days, 'more day')}`;
  const hours = Math.max(1, Math.floor(left / (60 * 60 * 1000)));
  return `Link works for ${countOf(hours, 'more hour')}`;
}
