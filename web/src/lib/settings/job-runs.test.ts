import { describe, expect, it } from 'vitest';
import { describeCounts, jobName, scheduledTime } from './job-runs';

describe('describeCounts', () => {
  it('says what a cleanup removed, with the bytes of the files, and leaves out what is 0', () => {
    expect(
      describeCounts({ authSessions: 2, rejections: 0, objects: 1, bytes: 2500, stagedUploads: 1 }),
    ).toBe('2 expired sign-ins, 1 stored file (2.5 KB), 1 abandoned upload');
  });

  it('names the rows deleted for good past the retention', () => {
    expect(
      describeCounts({
        patients: 1,
        records: 3,
        photos: 2,
        appointments: 0,
        objects: 2,
        bytes: 4000,
      }),
    ).toBe(
      '1 patient deleted for good, 3 notes, 2 photos and attachments, 2 stored files (4.0 KB)',
    );
  });

  it('says so when nothing was due, and names counts it has no words for by their key', () => {
    expect(describeCounts({ authSessions: 0, objects: 0, bytes: 0 })).toBe('Nothing to remove');
    expect(describeCounts({ reminders: 4 })).toBe('reminders: 4');
    expect(describeCounts({ sent: 0, skipped: 0 }, 'reminders')).toBe('Nothing to send');
  });

  it('says what a reminder pass sent, skipped and retried', () => {
    expect(describeCounts({ sent: 2, skipped: 1, failed: 0, retried: 1 }, 'reminders')).toBe(
      '2 messages sent, 1 message skipped, 1 retry',
    );
  });
});

describe('jobName', () => {
  it('names the cleanup and the reminders for people and keeps other names', () => {
    expect(jobName('cleanup')).toBe('Nightly cleanup');
    expect(jobName('reminders')).toBe('Appointment reminders');
    expect(jobName('other')).toBe('other');
  });
});

describe('scheduledTime', () => {
  it("writes the time on the clinic's clock, not the device's", () => {
    const iso = '2026-07-01T01:00:00.000Z';
    // In this device's own way of writing times: 03:00 or 3:00 AM, 21:00 or 9:00 PM.
    expect(scheduledTime(iso, 'Europe/Berlin')).toMatch(/(^|\D)0?3:00(?!\s?PM)/);
    expect(scheduledTime(iso, 'America/New_York')).toMatch(/21:00|9:00\sPM/);
  });
});
