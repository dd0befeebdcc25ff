import { describe, expect, it } from 'vitest';
import { formErrors, summaryLinks } from './form-issues';

describe('formErrors', () => {
  const fields = ['givenName', 'phone'] as const;

  it('puts create and update issues beside their fields, first message only', () => {
    const errors = formErrors(
      [
        { field: 'givenName', message: 'Given name is required.' },
        { field: 'fields.phone', message: 'Phone may contain only digits.' },
        { field: 'fields.phone', message: 'Phone must be at most 32 characters.' },
      ],
      fields,
    );
    expect(errors.fields).toEqual({
      givenName: 'Given name is required.',
      phone: 'Phone may contain only digits.',
    });
    expect(errors.other).toEqual([]);
  });

  it('keeps messages for no known field so they are never lost', () => {
    const errors = formErrors(
      [{ field: 'fields', message: 'An update must change at least one field.' }],
      fields,
    );
    expect(errors.other).toEqual(['An update must change at least one field.']);
  });

  it('shows the overall message when there are no field issues', () => {
    expect(formErrors([], fields, 'Email or password is incorrect.').other).toEqual([
      'Email or password is incorrect.',
    ]);
  });
});

describe('formErrors on a list field', () => {
  it('puts an issue about one entry of a list on the list field', () => {
    const errors = formErrors(
      [{ field: 'fields.allergies.2', message: 'Each allergy must be at most 200 characters.' }],
      ['phone', 'allergies'] as const,
    );
    expect(errors).toEqual({
      fields: { allergies: 'Each allergy must be at most 200 characters.' },
      other: [],
    });
  });
});

describe('summaryLinks', () => {
  it('links each field with an error, in form order, to its input', () => {
    const errors = formErrors(
      [
        { field: 'password', message: 'Password is required.' },
        { field: 'email', message: 'Enter a valid email address.' },
      ],
      ['email', 'password', 'name'] as const,
    );
    const labels = { email: 'Email', password: 'Password', name: 'Name' };
    expect(summaryLinks(errors, ['email', 'password', 'name'], labels)).toEqual([
      { id: 'email', label: 'Email' },
      { id: 'password', label: 'Password' },
    ]);
    expect(summaryLinks(errors, ['name', 'password'], labels, (f) => `user-${f}`)).toEqual([
      { id: 'user-password', label: 'Password' },
    ]);
  });
});
