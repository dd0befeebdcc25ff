import { describe, expect, it } from 'vitest';
import { makeProblem, type TemplateField } from '@bedside/shared';
import {
  addendaCount,
  describeHistoryChange,
  describeValue,
  fieldLabelOf,
  formLevelMessages,
  recordStatusLabel,
  wasSignedElsewhere,
  writtenWith,
} from './record-labels';

const fields: TemplateField[] = [
  { id: 'subjective', type: 'textarea', label: 'Subjective', required: true },
  {
    id: 'vitals',
    type: 'vitals',
    label: 'Vital signs',
    required: false,
    measurements: ['bpSystolic', 'bpDiastolic', 'heartRate'],
  },
  {
    id: 'side',
    type: 'select',
    label: 'Laterality',
    required: false,
    options: [
      { value: 'left', label: 'Left' },
      { value: 'right', label: 'Right' },
    ],
  },
  { id: 'plan', type: 'textarea', label: 'Plan', required: true },
];

describe('record status and counts', () => {
  it('names statuses the way clinicians say them', () => {
    expect(recordStatusLabel('draft')).toBe('Draft');
    expect(recordStatusLabel('finalized')).toBe('Signed');
    expect(recordStatusLabel('archived')).toBe('Archived');
    expect(recordStatusLabel('draft', true)).toBe('Deleted draft');
  });

  it('counts addenda with the right plural', () => {
    expect(addendaCount(1)).toBe('1 addendum');
    expect(addendaCount(3)).toBe('3 addenda');
  });

  it('says which template version a record was written with', () => {
    expect(writtenWith('SOAP note', 2)).toBe('Written with SOAP note version 2');
    expect(writtenWith('SOAP note', null)).toBe('Written with SOAP note');
  });
});

describe('wasSignedElsewhere', () => {
  it('is true only for edits refused because the record was signed', () => {
    const signed = makeProblem('record-finalized', 409, 'This record has been signed.');
    const invalid = makeProblem('validation', 422, 'Invalid.');
    expect(wasSignedElsewhere([{ problem: invalid }, { problem: signed }])).toBe(true);
    expect(wasSignedElsewhere([{ problem: invalid }])).toBe(false);
    expect(wasSignedElsewhere([])).toBe(false);
  });
});

describe('field labels and values', () => {
  it('finds the field behind issue paths, conflict fields and history ids', () => {
    expect(fieldLabelOf(fields, 'vitals.heartRate')).toBe('Vital signs');
    expect(fieldLabelOf(fields, 'data.plan')).toBe('Plan');
    expect(fieldLabelOf(fields, 'plan')).toBe('Plan');
    expect(fieldLabelOf(fields, 'data.dropped_later')).toBe('dropped_later');
  });

  it('shows values as a clinician reads them', () => {
    const vitals = fields[1];
    const side = fields[2];
    expect(describeValue(vitals, { bpSystolic: 120, bpDiastolic: 80, heartRate: 72 })).toBe(
      'Blood pressure: 120/80 mmHg; Heart rate: 72/min',
    );
    expect(describeValue(side, 'left')).toBe('Left');
    expect(describeValue(side, null)).toBe('(empty)');
    expect(describeValue(fields[0], '')).toBe('(empty)');
    expect(describeValue(undefined, { odd: 1 })).toBe('{"odd":1}');
  });
});

describe('formLevelMessages', () => {
  it('keeps the messages that name no field of the form', () => {
    const issues = [
      { field: 'plan', message: 'Plan is required.' },
      { field: 'vitals.bpDiastolic', message: 'Diastolic pressure must be below systolic.' },
      { field: 'vitals.heartRate', message: 'Heart rate must be between 20 and 300 /min.' },
      { field: 'gone', message: 'This field is not part of the template.' },
      { field: '', message: 'Record data must be an object.' },
    ];
    expect(formLevelMessages(fields, issues)).toEqual([
      'This field is not part of the template.',
      'Record data must be an object.',
    ]);
  });
});

describe('describeHistoryChange', () => {
  it('shows a change from the old value to the new one', () => {
    expect(
      describeHistoryChange(
        fields,
        { fieldId: 'side', oldValue: 'left', newValue: 'right' },
        false,
      ),
    ).toEqual({ label: 'Laterality', from: 'Left', to: 'Right' });
  });

  it('lists the first version as the answers it was created with', () => {
    expect(
      describeHistoryChange(fields, { fieldId: 'plan', oldValue: null, newValue: 'Rest' }, true),
    ).toEqual({ label: 'Plan', from: null, to: 'Rest' });
  });

  it('tells signing and archiving as status changes', () => {
    expect(
      describeHistoryChange(
        fields,
        { fieldId: '_status', oldValue: 'draft', newValue: 'finalized' },
        false,
      ),
    ).toEqual({ label: 'Status', from: 'Draft', to: 'Signed' });
  });
});
