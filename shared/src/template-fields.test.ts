import { describe, expect, it } from 'vitest';
import { builtInTemplates } from './builtin-templates.ts';
import { fieldTypes, MAX_TEMPLATE_FIELDS, TemplateFields } from './template-fields.ts';
import { builtInTemplateKeys, TemplateVersionInput } from './templates.ts';
import { validate } from './validation.ts';

/** One field of every type, with the settings that type has. */
const everyType = [
  { id: 'name', type: 'text', label: 'Name', minLength: 2, maxLength: 80, pattern: '[A-Z].*' },
  { id: 'history', type: 'textarea', label: 'History', help: 'In the patient’s words.' },
  { id: 'pain', type: 'number', label: 'Pain', min: 0, max: 10, unit: null, decimals: 0 },
  {
    id: 'side',
    type: 'select',
    label: 'Side',
    options: [
      { value: 'left', label: 'Left' },
      { value: 'right', label: 'Right' },
    ],
  },
  { id: 'consent', type: 'checkbox', label: 'Consent given', required: true },
  { id: 'review', type: 'date', label: 'Review', minDate: '2020-01-01', maxDate: '2030-12-31' },
  { id: 'vitals', type: 'vitals', label: 'Vital signs', measurements: ['heartRate', 'spo2'] },
  { id: 'dx', type: 'diagnosis', label: 'Diagnoses', maxItems: 5 },
  { id: 'rx', type: 'prescriptions', label: 'Prescriptions' },
  { id: 'labs', type: 'labs', label: 'Lab results', maxItems: null },
  {
    id: 'photos',
    type: 'photos',
    label: 'Photos',
    showIf: { fieldId: 'consent', operator: 'equals', value: true },
  },
];

const text = (id: string, extra: object = {}) => ({ id, type: 'text', label: 'Text', ...extra });

function issuesOf(fields: unknown) {
  const result = validate(TemplateFields, fields);
  return result.ok ? [] : result.issues;
}

describe('template field definitions', () => {
  it('accepts every field type and fills in the defaults', () => {
    const result = validate(TemplateFields, everyType);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.map((field) => field.type)).toEqual([...fieldTypes]);
    expect(result.value[0]).toMatchObject({ required: false, pattern: '[A-Z].*' });
    expect(result.value[4]?.required).toBe(true);
  });

  it('turns empty help and pattern into nothing', () => {
    const result = validate(TemplateFields, [text('a', { help: '  ', pattern: '' })]);
    expect(result).toMatchObject({ ok: true, value: [{ help: null, pattern: null }] });
  });

  it('refuses an unknown type and settings of another type', () => {
    expect(issuesOf([{ id: 'a', type: 'slider', label: 'A' }])).toEqual([
      { field: '0.type', message: 'Unknown field type.' },
    ]);
    expect(issuesOf([text('a', { min: 1 })])).toEqual([
      { field: '0.min', message: 'This setting does not belong to this type of field.' },
    ]);
  });

  it('puts an upper bound below the lower one on the upper bound', () => {
    expect(
      issuesOf([
        { id: 'a', type: 'number', label: 'A', min: 5, max: 1 },
        text('b', { minLength: 10, maxLength: 2 }),
        { id: 'c', type: 'date', label: 'C', minDate: '2024-05-02', maxDate: '2024-05-01' },
      ]),
    ).toEqual([
      { field: '0.max', message: 'Minimum must not be above maximum.' },
      { field: '1.maxLength', message: 'Minimum length must not be above maximum length.' },
      { field: '2.maxDate', message: 'Earliest date must not be after latest date.' },
    ]);
    expect(issuesOf([{ id: 'a', type: 'number', label: 'A', min: 5, max: 5 }])).toEqual([]);
  });

  it('says what is wrong with a number setting in words', () => {
    expect(
      issuesOf([
        { id: 'a', type: 'number', label: 'A', min: Infinity, decimals: 1.5 },
        text('b', { minLength: -1, required: 'yes' }),
        { id: 'c', type: 'photos', label: 'C', maxItems: 0 },
      ]),
    ).toEqual([
      { field: '0.min', message: 'Minimum must be a number.' },
      { field: '0.decimals', message: 'Decimals must be a whole number.' },
      { field: '1.required', message: 'Required must be yes or no.' },
      { field: '1.minLength', message: 'Minimum length cannot be negative.' },
      { field: '2.maxItems', message: 'Allow at least one entry.' },
    ]);
  });

  it('refuses a pattern that is not a regular expression or is too long', () => {
    expect(issuesOf([text('a', { pattern: '[A-Z' })])).toEqual([
      { field: '0.pattern', message: 'Pattern is not a valid regular expression.' },
    ]);
    expect(issuesOf([text('a', { pattern: 'a'.repeat(201) })])).toEqual([
      { field: '0.pattern', message: 'Pattern must be at most 200 characters.' },
    ]);
    expect(issuesOf([text('a', { pattern: 'a'.repeat(200) })])).toEqual([]);
  });

  it('refuses a pattern that could stall the server', () => {
    expect(issuesOf([text('a', { pattern: '(\\d+)+' })])).toEqual([
      {
        field: '0.pattern',
        message:
          'This pattern could take too long to check: do not repeat a group that itself ' +
          'repeats or has alternatives (write [0-9-]+ instead of (\\d+-)+).',
      },
    ]);
  });

  it('refuses a select without options or with the same value twice', () => {
    const select = (options: unknown) => [{ id: 'a', type: 'select', label: 'A', options }];
    expect(issuesOf(select([]))).toEqual([
      { field: '0.options', message: 'A select needs at least one option.' },
    ]);
    expect(
      issuesOf(
        select([
          { value: 'x', label: 'X' },
          { value: ' x ', label: 'Also X' },
        ]),
      ),
    ).toEqual([{ field: '0.options', message: 'Each option needs a different value.' }]);
    expect(issuesOf(select([{ value: 'x', label: '' }]))).toEqual([
      { field: '0.options.0.label', message: 'Option label is required.' },
    ]);
  });

  it('refuses vital signs without measurements, unknown or repeated ones', () => {
    const vitals = (measurements: unknown) => [
      { id: 'v', type: 'vitals', label: 'V', measurements },
    ];
    expect(issuesOf(vitals([]))).toEqual([
      { field: '0.measurements', message: 'Choose at least one measurement.' },
    ]);
    expect(issuesOf(vitals(['glucose']))).toEqual([
      { field: '0.measurements.0', message: 'Unknown vital sign.' },
    ]);
    expect(issuesOf(vitals(['spo2', 'spo2']))).toEqual([
      { field: '0.measurements', message: 'Each measurement only once.' },
    ]);
  });

  it('refuses two fields with the same id, on the second one', () => {
    expect(issuesOf([text('a'), text('b'), text('a')])).toEqual([
      { field: '2.id', message: 'Two fields have the same id.' },
    ]);
  });

  it('refuses a bad or reserved field id', () => {
    expect(issuesOf([text('Blood pressure')])).toEqual([
      { field: '0.id', message: 'Field id must be lower-case letters, digits or _.' },
    ]);
    expect(issuesOf([text('constructor'), text('prototype')])).toEqual([
      { field: '0.id', message: 'This field id is reserved; choose another.' },
      { field: '1.id', message: 'This field id is reserved; choose another.' },
    ]);
  });

  it('names the field whose label is missing', () => {
    expect(issuesOf([text('a'), text('b'), text('c', { label: ' ' })])).toEqual([
      { field: '2.label', message: 'Label is required.' },
    ]);
    const version = validate(TemplateVersionInput, {
      id: '0190b6d8-0000-7000-8000-000000000001',
      name: 'Review',
      fields: [text('a'), text('b'), text('c', { label: '' })],
    });
    expect(version).toMatchObject({
      ok: false,
      issues: [{ field: 'fields.2.label', message: 'Label is required.' }],
    });
  });

  it(`refuses more than ${MAX_TEMPLATE_FIELDS} fields`, () => {
    const fields = Array.from({ length: MAX_TEMPLATE_FIELDS + 1 }, (_, i) => text(`f${i}`));
    expect(issuesOf(fields)).toEqual([
      { field: '', message: 'A template can have at most 200 fields.' },
    ]);
    expect(issuesOf(fields.slice(1))).toEqual([]);
  });
});

describe('show-if rules in a template', () => {
  const consent = { id: 'consent', type: 'checkbox', label: 'Consent' };
  const side = {
    id: 'side',
    type: 'select',
    label: 'Side',
    options: [
      { value: 'left', label: 'Left' },
      { value: 'right', label: 'Right' },
    ],
  };
  const dependent = (showIf: object) => text('detail', { showIf });

  it('accepts a rule on an earlier field with a value that field can hold', () => {
    expect(
      issuesOf([
        consent,
        side,
        { id: 'pain', type: 'number', label: 'Pain' },
        text('other_side', { showIf: { fieldId: 'side', operator: 'not-equals', value: 'left' } }),
        text('why', { showIf: { fieldId: 'consent', operator: 'equals', value: false } }),
        text('severe', { showIf: { fieldId: 'pain', operator: 'equals', value: 10 } }),
        text('any', { showIf: { fieldId: 'other_side', operator: 'filled' } }),
      ]),
    ).toEqual([]);
  });

  it('refuses a rule on a later field, itself or a missing field', () => {
    expect(
      issuesOf([
        text('a', { showIf: { fieldId: 'b', operator: 'filled' } }),
        text('b', { showIf: { fieldId: 'b', operator: 'filled' } }),
        text('c', { showIf: { fieldId: 'gone', operator: 'filled' } }),
      ]),
    ).toEqual([
      { field: '0.showIf', message: 'A field can only depend on a field above it.' },
      { field: '1.showIf', message: 'A field can only depend on a field above it.' },
      { field: '2.showIf', message: 'This field depends on a field that is not in the template.' },
    ]);
  });

  it('refuses equals or not-equals without a value', () => {
    expect(issuesOf([side, dependent({ fieldId: 'side', operator: 'equals' })])).toEqual([
      { field: '1.showIf', message: 'Choose the value that shows this field.' },
    ]);
  });

  it('refuses a value the field it depends on can never have', () => {
    expect(
      issuesOf([
        consent,
        side,
        { id: 'dx', type: 'diagnosis', label: 'Diagnoses' },
        text('a', { showIf: { fieldId: 'consent', operator: 'equals', value: 'true' } }),
        text('b', { showIf: { fieldId: 'side', operator: 'equals', value: 'both' } }),
        text('c', { showIf: { fieldId: 'dx', operator: 'equals', value: 'E11.9' } }),
      ]),
    ).toEqual([
      { field: '3.showIf', message: 'Choose yes or no.' },
      { field: '4.showIf', message: 'Choose one of the options of the field this depends on.' },
      {
        field: '5.showIf',
        message: 'This field can only depend on whether that field is filled in.',
      },
    ]);
  });

  it('refuses an unknown operator or a value that is not text, a number or yes/no', () => {
    expect(
      issuesOf([
        side,
        dependent({ fieldId: 'side', operator: 'contains', value: 'l' }),
        text('x', { showIf: { fieldId: 'side', operator: 'equals', value: ['left'] } }),
      ]),
    ).toEqual([
      { field: '1.showIf.operator', message: 'Choose when the field shows.' },
      {
        field: '2.showIf.value',
        message: 'The value that shows this field must be text, a number, or yes or no.',
      },
    ]);
  });
});

describe('built-in templates', () => {
  it('are one valid template per built-in key, stored as the editor would save them', () => {
    expect(builtInTemplates.map((template) => template.key)).toEqual([...builtInTemplateKeys]);
    for (const template of builtInTemplates) {
      const result = validate(TemplateVersionInput, {
        id: '0190b6d8-0000-7000-8000-000000000001',
        name: template.name,
        description: template.description,
        fields: template.fields,
      });
      expect(result, template.key).toMatchObject({ ok: true });
      if (result.ok) expect(result.value.fields).toEqual(template.fields);
    }
  });
});
