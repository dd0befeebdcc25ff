import { describe, expect, it } from 'vitest';
import {
  arrivalAnnouncement,
  countdownDeadline,
  formatCountdown,
  mergeSnapshot,
  readSessionEvent,
  serverClockOffset,
  stateAt,
  unreportedPhotos,
} from './session-view';
import { openSession, SERVER_NOW, waitingSession } from './testing/session-fixtures';

describe('formatCountdown', () => {
  it.each([
    [10 * 60_000, '10:00'],
    [9 * 60_000 + 41_000, '9:41'],
    [9 * 60_000 + 40_001, '9:41'],
    [59_000, '0:59'],
    [0, '0:00'],
    [-5_000, '0:00'],
    [2 * 3_600_000, '2:00:00'],
    [3_600_000 + 59 * 60_000 + 12_000, '1:59:12'],
    [3_600_000 + 5_000, '1:00:05'],
  ])('shows %i ms as %s', (ms, shown) => {
    expect(formatCountdown(ms)).toBe(shown);
  });
});

describe('serverClockOffset', () => {
  it('counts from the server’s clock when this computer’s runs 3 minutes behind', () => {
    const deviceNow = SERVER_NOW - 3 * 60_000;
    const offset = serverClockOffset(waitingSession(), deviceNow);

    expect(offset).toBe(3 * 60_000);
    const deadline = countdownDeadline(waitingSession()) ?? '';
    expect(formatCountdown(Date.parse(deadline) - (deviceNow + offset))).toBe('10:00');
  });

  it('errs early, never late, when the answer was slow', () => {
    // Asked 1.5 s before the server made the code; the answer came back 0.5 s after.
    const offset = serverClockOffset(waitingSession(), SERVER_NOW - 1_500);
    const arrivedAt = SERVER_NOW + 500;
    const deadline = Date.parse(waitingSession().tokenExpiresAt);

    const shown = deadline - (arrivedAt + offset);
    expect(shown).toBeLessThan(deadline - arrivedAt);
    expect(formatCountdown(shown)).toBe('9:58');
  });
});

describe('countdownDeadline', () => {
  it('counts to the code’s expiry while waiting and to the session’s once a phone opened it', () => {
    expect(countdownDeadline(waitingSession())).toBe(waitingSession().tokenExpiresAt);
    expect(countdownDeadline(openSession())).toBe(openSession().expiresAt);
  });
});

describe('stateAt', () => {
  it('keeps what the server said while the deadline is ahead', () => {
    expect(stateAt(waitingSession(), SERVER_NOW + 9 * 60_000)).toBe('waiting');
    expect(stateAt(openSession(), SERVER_NOW + 60 * 60_000)).toBe('open');
  });

  it('says expired once the deadline passed, before the server’s word arrives', () => {
    expect(stateAt(waitingSession(), SERVER_NOW + 10 * 60_000)).toBe('expired');
    expect(stateAt(openSession(), SERVER_NOW + 121 * 60_000)).toBe('expired');
  });

  it('keeps an ended session ended', () => {
    const ended = openSession({ state: 'ended', endedAt: new Date(SERVER_NOW).toISOString() });
    expect(stateAt(ended, SERVER_NOW)).toBe('ended');
  });
});

describe('mergeSnapshot', () => {
  it('takes the newer snapshot', () => {
    expect(mergeSnapshot(waitingSession(), openSession())).toEqual(openSession());
    expect(mergeSnapshot(null, waitingSession())).toEqual(waitingSession());
  });

  it('never reopens an ended session with a snapshot sent before the end', () => {
    const ended = openSession({ state: 'ended', endedAt: new Date(SERVER_NOW).toISOString() });
    expect(mergeSnapshot(ended, openSession({ photoIds: ['a'] }))).toBe(ended);
  });
});

describe('unreportedPhotos', () => {
  it('answers the new ids in arrival order', () => {
    expect(unreportedPhotos(['a', 'b', 'c'], new Set(['a']))).toEqual(['b', 'c']);
    expect(unreportedPhotos(['a'], new Set(['a']))).toEqual([]);
  });
});

describe('arrivalAnnouncement', () => {
  it.each([
    [3, 1, 'Photo 3 arrived.'],
    [3, 2, 'Photos 2 and 3 arrived.'],
    [5, 3, 'Photos 3 to 5 arrived.'],
    [3, 0, ''],
  ])('with %i photos of which %i new says “%s”', (total, added, sentence) => {
    expect(arrivalAnnouncement(total, added)).toBe(sentence);
  });
});

describe('readSessionEvent', () => {
  it('reads the session of an event', () => {
    const session = openSession({ photoIds: ['a'] });
    expect(readSessionEvent(JSON.stringify({ session }))).toEqual(session);
  });

  it.each([['not json'], ['{}'], [JSON.stringify({ session: { id: 'x', state: 'gone' } })]])(
    'ignores %s',
    (data) => {
      expect(readSessionEvent(data)).toBeNull();
    },
  );
});
