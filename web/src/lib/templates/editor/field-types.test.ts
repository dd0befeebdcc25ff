import { describe, expect, it } from 'vitest';
import { fieldTypes, TemplateFields, validate } from '@bedside/shared';
import { fieldDisplayName, fieldTypeLabels, newField, nextOptionValue } from './field-types';

describe('newField', () => {
  it('makes a field of every type that is valid once it has a label', () => {
    const fields = fieldTypes.map((type, index) => ({
      ...newField(type, `field_${index}`),
      label: fieldTypeLabels[type],
    }));
    fields[3] = { ...fields[3]!, type: 'select', options: [{ value: 'option_1', label: 'Yes' }] };
    expect(validate(TemplateFields, fields)).toMatchObject({ ok: true });
  });

  it('leaves the label for the user to write', () => {
    expect(validate(TemplateFields, [newField('number', 'weight')])).toMatchObject({
      ok: false,
      issues: [{ field: '0.label', message: 'Label is required.' }],
    });
  });
});

describe('nextOptionValue', () => {
  it('numbers options and skips values already taken', () => {
    expect(nextOptionValue([])).toBe('option_1');
    expect(nextOptionValue(['option_1'])).toBe('option_2');
    expect(nextOptionValue(['option_2', 'option_3'])).toBe('option_4');
  });
});

describe('fieldDisplayName', () => {
  it('uses the label, or the position and type while there is none', () => {
    expect(fieldDisplayName({ ...newField('date', 'seen'), label: ' Seen on ' }, 0)).toBe(
      'Seen on',
    );
    expect(fieldDisplayName(newField('vitals', 'vitals'), 2)).toBe('Field 3 (vital signs)');
  });
});
