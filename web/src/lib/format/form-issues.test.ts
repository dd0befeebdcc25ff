import { describe, expect, it } from 'vitest';
import { formErrors } from './form-issues';

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
