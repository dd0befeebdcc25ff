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

  it('is dirty after any edit and clean again once undone', () => {
    const initial = formValuesOf(stored);
    expect(isDirty(initial, { ...initial, notes: 'x' })).toBe(true);
    expect(isDirty(initial, { ...initial })).toBe(false);
  });
});
