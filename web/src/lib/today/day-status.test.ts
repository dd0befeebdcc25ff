import { describe, expect, it } from 'vitest';
import { countsByStatus, isOldDraft, statusActions, undoSteps } from './day-status';

describe('statusActions', () => {
  it('offers arrive, complete and no-show for a booked appointment', () => {
    expect(statusActions('booked').map((action) => action.label)).toEqual([
      'Arrived',
      'Completed',
      'No-show',
    ]);
  });

  it('offers only the moves the server allows', () => {
    expect(statusActions('arrived').map((action) => action.to)).toEqual(['completed', 'no-show']);
    expect(statusActions('completed')).toEqual([{ to: 'arrived', label: 'Arrived' }]);
    expect(statusActions('no-show')).toEqual([]);
    expect(statusActions('cancelled')).toEqual([]);
  });
});

describe('undoSteps', () => {
  it('goes straight back when the server allows it', () => {
    expect(undoSteps('arrived', 'booked')).toEqual(['booked']);
    expect(undoSteps('no-show', 'booked')).toEqual(['booked']);
    expect(undoSteps('completed', 'arrived')).toEqual(['arrived']);
  });

  it('takes a completed appointment back to booked through arrived', () => {
    expect(undoSteps('completed', 'booked')).toEqual(['arrived', 'booked']);
  });

  it('has nothing to undo to the same status or to a cancellation', () => {
    expect(undoSteps('booked', 'booked')).toEqual([]);
    expect(undoSteps('booked', 'cancelled')).toEqual([]);
  });
});

describe('countsByStatus', () => {
  it('counts every status, zero included', () => {
    expect(countsByStatus(['booked', 'arrived', 'booked'])).toEqual({
      booked: 2,
      arrived: 1,
      completed: 0,
      cancelled: 0,
      'no-show': 0,
    });
  });
});

describe('isOldDraft', () => {
  const now = Date.parse('2026-03-02T12:00:00.000Z');
  it('marks a draft started more than 24 hours ago', () => {
    expect(isOldDraft('2026-03-01T11:59:00.000Z', now)).toBe(true);
    expect(isOldDraft('2026-03-01T12:01:00.000Z', now)).toBe(false);
  });
});
