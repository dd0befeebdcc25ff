import { describe, expect, it } from 'vitest';
import { validateRecordData, type TemplateField } from '@bedside/shared';
import { recordIssueLinks, sortRecordIssues, visibleFields } from './field-issues';

const fields: TemplateField[] = [
  { id: 'smoker', label: 'Smoker', type: 'checkbox', required: false },
  {
    id: 'packs',
    label: 'Packs a day',
    type: 'number',
    required: true,
    min: 0,
    showIf: { fieldId: 'smoker', operator: 'equals', value: true },
  },
  {
    id: 'vitals',
    label: 'Vital signs',
    type: 'vitals',
    required: false,
    measurements: ['bpSystolic', 'bpDiastolic', 'heartRate'],
  },
  { id: 'meds', label: 'Medication', type: 'prescriptions', required: false },
];

describe('visibleFields', () => {
  it('hides a field until the answer it depends on is given', () => {
    expect(visibleFields(fields, {}).map((field) => field.id)).toEqual([
      'smoker',
      'vitals',
      'meds',
    ]);
    expect(visibleFields(fields, { smoker: true }).map((field) => field.id)).toContain('packs');
  });
});

describe('sortRecordIssues', () => {
  const data = {
    smoker: true,
    vitals: { bpSystolic: 80, bpDiastolic: 90 },
    meds: [{ drug: '', dose: '5 mg', route: '', frequency: '', duration: '' }],
  };

  it('puts each issue under the input it is about', () => {
    const issues = validateRecordData(fields, data, 'final');
    const { byField, other } = sortRecordIssues(visibleFields(fields, data), data, issues);
    expect(byField.get('packs')?.messages).toEqual(['Packs a day is required.']);
    expect(byField.get('vitals')?.parts.get('bpDiastolic')).toBe(
      'Diastolic pressure must be below systolic pressure.',
    );
    expect([...(byField.get('meds')?.parts.keys() ?? [])]).toEqual(['0.drug', '0.frequency']);
    expect(other).toEqual([]);
  });

  it('keeps issues without an input of their own on the field, and others aside', () => {
    const issues = [
      { field: 'meds.3.drug', message: 'Drug is required.' },
      { field: 'meds', message: 'Medication can have at most 2 entries.' },
      { field: 'packs', message: 'Packs a day must be a number.' },
      { field: 'gone', message: 'This field is not part of the template.' },
    ];
    const { byField, other } = sortRecordIssues(visibleFields(fields, {}), data, issues);
    expect(byField.get('meds')?.messages).toEqual([
      'Drug is required.',
      'Medication can have at most 2 entries.',
    ]);
    // "packs" is hidden without the smoker answer, so its issue cannot show beside it.
    expect(other).toEqual([
      'Packs a day must be a number.',
      'This field is not part of the template.',
    ]);
  });
});

describe('recordIssueLinks', () => {
  it('links each problem to its input, in form order, with the part named', () => {
    const data = { vitals: { heartRate: 400 }, meds: [{ drug: '' }] };
    const issues = validateRecordData(fields, data, 'final');
    expect(recordIssueLinks(fields, data, issues, 'rec')).toEqual([
      { id: 'rec-vitals-heartRate', label: 'Vital signs: Heart rate' },
      { id: 'rec-meds-0-drug', label: 'Medication: Drug 1' },
      { id: 'rec-meds-0-dose', label: 'Medication: Dose 1' },
      { id: 'rec-meds-0-frequency', label: 'Medication: Frequency 1' },
    ]);
  });
});
