import { describe, expect, it } from 'vitest';
import type { DeactivatedUser } from '@bedside/shared/team';
import {
  deactivatedSentence,
  deactivatedStatus,
  invitationExpiry,
  unsentReportWords,
} from './team-words';

const now = Date.parse('2025-03-10T12:00:00Z');
const hoursAgo = (hours: number) => new Date(now - hours * 3_600_000).toISOString();

describe('team words', () => {
  it('tells a deactivated device how many changes stay on it', () => {
    expect(deactivatedSentence(3)).toBe(
      'Your account was deactivated by the clinic. 3 changes made on this device have not been sent; they stay on this device.',
    );
    expect(deactivatedSentence(1)).toContain('1 change made on this device has not been sent');
    expect(deactivatedSentence(0)).toBe(
      'Your account was deactivated by the clinic. Everything made on this device was sent.',
    );
  });

  it('shows owners what a deactivated user’s devices last reported', () => {
    const user: DeactivatedUser = {
      id: 'u1',
      name: 'Joy',
      email: 'joy@example.org',
      role: 'clinician',
      deactivatedAt: hoursAgo(1),
      unsentReports: [{ device: null, unsentChanges: 3, reportedAt: hoursAgo(2) }],
    };
    expect(deactivatedStatus(user, now)).toBe(
      'Deactivated · a device last reported 3 unsent changes (2 h ago)',
    );
    expect(
      unsentReportWords(
        { device: 'Chrome on Android', unsentChanges: 1, reportedAt: hoursAgo(0) },
        now,
      ),
    ).toBe('Chrome on Android last reported 1 unsent change (just now)');
    expect(deactivatedStatus({ ...user, unsentReports: [] }, now)).toBe(
      'Deactivated · no device reported unsent changes',
    );
  });

  it('says how long an invitation link still works', () => {
    expect(invitationExpiry(new Date(now + 6.4 * 86_400_000).toISOString(), now)).toBe(
      'Link works for 6 more days',
    );
    expect(invitationExpiry(new Date(now + 7 * 86_400_000 - 60_000).toISOString(), now)).toBe(
      'Link works for 7 more days',
    );
    expect(invitationExpiry(new Date(now + 3 * 3_600_000).toISOString(), now)).toBe(
      'Link works for 3 more hours',
    );
    expect(invitationExpiry(hoursAgo(1), now)).toBe('Link expired: resend it');
  });
});
