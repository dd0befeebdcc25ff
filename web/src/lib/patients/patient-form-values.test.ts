import { describe, expect, it } from 'vitest';
import { changedFields, createFields, formValuesOf, isDirty } from './patient-form-values';

const stored = {
  givenName: 'Ann',
  familyName: 'Lee',
  birthDate: '1981-04-02',
  sex: 'female',
  identifier: null,
  phone: '555 0101',
  email: null,
  notes: null,
  address: null,
  emergencyName: null,
  emergencyRelationship: null,
  emergencyPhone: null,
  allergies: null,
  reminderConsent: false,
};

describe('patient form values', () => {
  it('opens with empty text for fields that are not recorded', () => {
    const values = formValuesOf(stored);
    expect(values.identifier).toBe('');
    expect(values.birthDate).toBe('1981-04-02');
    expect(formValuesOf(undefined).givenName).toBe('');
  });

  it('creates with null for empty optional fields but keeps empty names for their message', () => {
    const fields = createFields({ ...formValuesOf(undefined), givenName: '', familyName: 'Lee' });
    expect(fields).toMatchObject({ givenName: '', familyName: 'Lee', birthDate: null, sex: null });
  });

  it('updates only what changed, ignoring spaces and empty-versus-missing', () => {
    const values = { ...formValuesOf(stored), phone: '555 0199', notes: '  ', givenName: 'Ann ' };
    expect(changedFields(stored, values)).toEqual({ phone: '555 0199' });
  });

  it('sends a cleared field as null', () => {
    const values = { ...formValuesOf(stored), birthDate: '' };
    expect(changedFields(stored, values)).toEqual({ birthDate: null });
  });

  it('opens with the consent as stored, off for a row stored before it existed, and sends a change', () => {
    expect(formValuesOf({ ...stored, reminderConsent: true }).reminderConsent).toBe(true);
    const { reminderConsent: _, ...older } = stored;
    expect(formValuesOf(older).reminderConsent).toBe(false);
    expect(createFields(formValuesOf(undefined)).reminderConsent).toBe(false);
    const values = { ...formValuesOf(stored), reminderConsent: true };
    expect(changedFields(stored, values)).toEqual({ reminderConsent: true });
    expect(changedFields(older, formValuesOf(older))).toEqual({});
    expect(isDirty(formValuesOf(stored), values)).toBe(true);
  });

  it('is dirty after any edit and clean again once undone', () => {
    const initial = formValuesOf(stored);
    expect(isDirty(initial, { ...initial, notes: 'x' })).toBe(true);
    expect(isDirty(initial, { ...initial })).toBe(false);
  });

  it('records allergies as a list, "no known allergies" as an empty one, else not at all', () => {
    const blank = formValuesOf(undefined);
    expect(blank).toMatchObject({ allergies: [], noKnownAllergies: false });
    expect(createFields(blank).allergies).toBeNull();
    expect(createFields({ ...blank, noKnownAllergies: true }).allergies).toEqual([]);
    expect(createFields({ ...blank, allergies: [' Latex ', ''] }).allergies).toEqual(['Latex']);
    // A listed allergy is never lost to the box.
    expect(
      createFields({ ...blank, allergies: ['Latex'], noKnownAllergies: true }).allergies,
    ).toEqual(['Latex']);
  });

  it('opens with the recorded list, or the box ticked for "no known allergies"', () => {
    expect(formValuesOf({ ...stored, allergies: ['Latex'] })).toMatchObject({
      allergies: ['Latex'],
      noKnownAllergies: false,
    });
    expect(formValuesOf({ ...stored, allergies: [] })).toMatchObject({
      allergies: [],
      noKnownAllergies: true,
    });
  });

  it('sends the allergy list whole when it changed, and not when only blanks were added', () => {
    const original = { ...stored, allergies: ['Latex'] };
    const values = formValuesOf(original);
    expect(changedFields(original, { ...values, allergies: ['Latex', '  '] })).toEqual({});
    expect(changedFields(original, { ...values, allergies: ['Latex', 'Penicillin'] })).toEqual({
      allergies: ['Latex', 'Penicillin'],
    });
    expect(changedFields(original, { ...values, allergies: [] })).toEqual({ allergies: null });
    expect(changedFields(stored, { ...formValuesOf(stored), noKnownAllergies: true })).toEqual({
      allergies: [],
    });
  });

  it('sends the address and emergency contact like any other text field', () => {
    const values = {
      ...formValuesOf(stored),
      address: '1 Main St\nSpringfield',
      emergencyName: 'Bo',
    };
    expect(changedFields(stored, values)).toEqual({
      address: '1 Main St\nSpringfield',
      emergencyName: 'Bo',
    });
  });

  it('is dirty when an allergy is added or the box is ticked', () => {
    const initial = formValuesOf(stored);
    expect(isDirty(initial, { ...initial, allergies: ['Latex'] })).toBe(true);
    expect(isDirty(initial, { ...initial, noKnownAllergies: true })).toBe(true);
    expect(isDirty(initial, { ...initial, allergies: [] })).toBe(false);
  });
});
