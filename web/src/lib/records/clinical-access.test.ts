import { describe, expect, it } from 'vitest';
import { forbiddenSentence } from '@bedside/shared';
import { notesForClinicians, seesNotes } from './clinical-access';

describe('who sees clinical notes', () => {
  it('is owners and clinicians, not the front desk nor anyone signed out', () => {
    expect(seesNotes('owner')).toBe(true);
    expect(seesNotes('clinician')).toBe(true);
    expect(seesNotes('assistant')).toBe(false);
    expect(seesNotes(undefined)).toBe(false);
  });

  it('is said in one plain sentence that names the same people as the server does', () => {
    expect(notesForClinicians).toBe('Clinical notes are for clinicians and owners.');
    expect(forbiddenSentence('clinical.read')).toMatch(/clinicians and the owner/);
  });
});
