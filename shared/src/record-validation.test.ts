import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { validateRecordData, validateRecordPatch } from './record-validation.ts';
import { TemplateFields } from './template-fields.ts';

/** A template as the server stores it: definitions parsed, defaults filled in. */
const template = (...fields: object[]) => v.parse(TemplateFields, fields);

const draft = (fields: object[], data: unknown) =>
  validateRecordData(template(...fields), data, 'draft');
const final = (fields: object[], data: unknown) =>
  validateRecordData(template(...fields), data, 'final');

const photoId = '0190b6d8-0000-7000-8000-000000000001';

describe('text and textarea', () => {
  const mrn = {
    id: 'mrn',
    type: 'text',
    label: 'Hospital number',
    required: true,
    minLength: 4,
    maxLength: 8,
    pattern: '[A-Z]{2}\\d+',
  };
  const history = { id: 'history', type: 'textarea', label: 'History', maxLength: 10 };

  it('lets a draft hold anything textual, however incomplete', () => {
    expect(draft([mrn, history], {})).toEqual([]);
    expect(draft([mrn, history], { mrn: 'x', history: 'far too long for the limit' })).toEqual([]);
  });

  it('refuses a value that is not text, or beyond the hard size limit, even in a draft', () => {
    expect(draft([mrn, history], { mrn: 12, history: 'x'.repeat(20_001) })).toEqual([
      { field: 'mrn', message: 'Hospital number must be text.' },
      { field: 'history', message: 'History must be at most 20000 characters.' },
    ]);
  });

  it('enforces required, lengths and the pattern when signing', () => {
    expect(final([mrn], {})).toEqual([{ field: 'mrn', message: 'Hospital number is required.' }]);
    expect(final([mrn], { mrn: '   ' })).toEqual([
      { field: 'mrn', message: 'Hospital number is required.' },
    ]);
    expect(final([mrn], { mrn: 'AB1' })).toEqual([
      { field: 'mrn', message: 'Hospital number must be at least 4 characters.' },
    ]);
    expect(final([mrn, history], { mrn: 'AB1234567', history: 'x'.repeat(11) })).toEqual([
      { field: 'mrn', message: 'Hospital number must be at most 8 characters.' },
      { field: 'history', message: 'History must be at most 10 characters.' },
    ]);
    expect(final([mrn], { mrn: 'ab1234' })).toEqual([
      { field: 'mrn', message: 'Hospital number is not in the expected format.' },
    ]);
    expect(final([mrn], { mrn: ' AB1234 ' })).toEqual([]);
  });

  it('matches the pattern against the whole answer and shows the template’s own message', () => {
    const field = { ...mrn, patternMessage: 'Two capitals, then digits, like AB1234.' };
    expect(final([field], { mrn: 'xAB1234' })).toEqual([
      { field: 'mrn', message: 'Two capitals, then digits, like AB1234.' },
    ]);
    expect(final([field], { mrn: 'AB1234x' })).toHaveLength(1);
  });
});

describe('number', () => {
  const pain = { id: 'pain', type: 'number', label: 'Pain score', min: 0, max: 10, decimals: 0 };
  const weight = {
    id: 'weight',
    type: 'number',
    label: 'Weight',
    min: 0.5,
    max: 300,
    unit: 'kg',
    decimals: 1,
    required: true,
  };
  const dose = { id: 'dose', type: 'number', label: 'Dose', decimals: 2 };

  it('lets a draft hold an out-of-range number but not text or infinity', () => {
    expect(draft([pain, weight], { pain: 42.5, weight: -3 })).toEqual([]);
    expect(draft([pain, weight], { pain: '4', weight: Infinity })).toEqual([
      { field: 'pain', message: 'Pain score must be a number.' },
      { field: 'weight', message: 'Weight must be a number.' },
    ]);
  });

  it('enforces min and max with the unit when signing', () => {
    expect(final([pain, weight], { pain: 11, weight: 0.4 })).toEqual([
      { field: 'pain', message: 'Pain score must be at most 10.' },
      { field: 'weight', message: 'Weight must be at least 0.5 kg.' },
    ]);
    expect(final([pain, weight], { pain: 0, weight: 300 })).toEqual([]);
  });

  it('enforces decimals when signing, with the right wording', () => {
    expect(final([pain, weight, dose], { pain: 4.5, weight: 70.25, dose: 1.125 })).toEqual([
      { field: 'pain', message: 'Pain score must be a whole number.' },
      { field: 'weight', message: 'Weight can have at most 1 decimal.' },
      { field: 'dose', message: 'Dose can have at most 2 decimals.' },
    ]);
    expect(final([weight, dose], { weight: 0.1 + 0.2 + 70, dose: 1.13 })).toEqual([]);
  });

  it('counts 0 as filled in and nothing as missing', () => {
    expect(final([weight], {})).toEqual([{ field: 'weight', message: 'Weight is required.' }]);
    expect(final([pain], { pain: 0 })).toEqual([]);
  });
});

describe('select', () => {
  const exudate = {
    id: 'exudate',
    type: 'select',
    label: 'Exudate',
    required: true,
    options: [
      { value: 'low', label: 'Low' },
      { value: 'high', label: 'High' },
    ],
  };

  it('lets a draft hold any text but not a number', () => {
    expect(draft([exudate], { exudate: 'medium' })).toEqual([]);
    expect(draft([exudate], { exudate: 2 })).toEqual([
      { field: 'exudate', message: 'Exudate must be text.' },
    ]);
  });

  it('accepts only one of the options when signing', () => {
    expect(final([exudate], { exudate: 'medium' })).toEqual([
      { field: 'exudate', message: 'Choose one of the options for Exudate.' },
    ]);
    expect(final([exudate], { exudate: '' })).toEqual([
      { field: 'exudate', message: 'Exudate is required.' },
    ]);
    expect(final([exudate], { exudate: 'high' })).toEqual([]);
  });
});

describe('checkbox', () => {
  const consent = { id: 'consent', type: 'checkbox', label: 'Consent given', required: true };

  it('holds yes or no only', () => {
    expect(draft([consent], { consent: false })).toEqual([]);
    expect(draft([consent], { consent: 'yes' })).toEqual([
      { field: 'consent', message: 'Consent given must be yes or no.' },
    ]);
  });

  it('must be ticked when required', () => {
    for (const data of [{}, { consent: false }])
      expect(final([consent], data)).toEqual([
        { field: 'consent', message: 'Consent given must be ticked.' },
      ]);
    expect(final([consent], { consent: true })).toEqual([]);
    expect(final([{ ...consent, required: false }], { consent: false })).toEqual([]);
  });
});

describe('date', () => {
  const review = {
    id: 'review',
    type: 'date',
    label: 'Review date',
    minDate: '2024-01-01',
    maxDate: '2024-12-31',
  };

  it('lets a draft hold half-typed text but not a number', () => {
    expect(draft([review], { review: '31/12/20' })).toEqual([]);
    expect(draft([review], { review: 20240101 })).toEqual([
      { field: 'review', message: 'Review date must be text.' },
    ]);
  });

  it('needs a real date within the bounds when signing', () => {
    for (const value of ['31/12/2024', '2023-02-29', '2024-13-01', '2024-1-1'])
      expect(final([review], { review: value }), value).toEqual([
        { field: 'review', message: 'Review date must be a real date (YYYY-MM-DD).' },
      ]);
    expect(final([review], { review: '2023-12-31' })).toEqual([
      { field: 'review', message: 'Review date must be on or after 2024-01-01.' },
    ]);
    expect(final([review], { review: '2025-01-01' })).toEqual([
      { field: 'review', message: 'Review date must be on or before 2024-12-31.' },
    ]);
    for (const value of ['2024-02-29', '2024-01-01', '2024-12-31'])
      expect(final([review], { review: value }), value).toEqual([]);
  });
});

describe('vital signs', () => {
  const vitals = {
    id: 'vitals',
    type: 'vitals',
    label: 'Vital signs',
    measurements: ['bpSystolic', 'bpDiastolic', 'heartRate', 'temperature'],
  };
  const complete = { bpSystolic: 120, bpDiastolic: 80, heartRate: 72, temperature: 36.8 };

  it('lets a draft hold any numbers but not text, other measurements or a list', () => {
    expect(draft([vitals], { vitals: { heartRate: 500, temperature: null } })).toEqual([]);
    expect(draft([vitals], { vitals: { heartRate: '72' } })).toEqual([
      { field: 'vitals.heartRate', message: 'Heart rate must be a number.' },
    ]);
    expect(draft([vitals], { vitals: { spo2: 98 } })).toEqual([
      { field: 'vitals.spo2', message: 'This measurement is not part of the field.' },
    ]);
    expect(draft([vitals], { vitals: [120, 80] })).toEqual([
      { field: 'vitals', message: 'Vital signs must be a set of measurements.' },
    ]);
  });

  it('asks for every measurement when required, each on its own', () => {
    const required = { ...vitals, required: true };
    expect(final([required], {})).toEqual([
      { field: 'vitals', message: 'Vital signs: record every measurement.' },
    ]);
    expect(final([required], { vitals: { bpSystolic: 120, bpDiastolic: 80 } })).toEqual([
      { field: 'vitals.heartRate', message: 'Heart rate is required.' },
      { field: 'vitals.temperature', message: 'Body temperature is required.' },
    ]);
    expect(final([vitals], { vitals: { heartRate: 72 } })).toEqual([]);
  });

  it('checks plausible ranges and decimals with units when signing', () => {
    expect(
      final([vitals], { vitals: { ...complete, heartRate: 400, temperature: 36.85 } }),
    ).toEqual([
      { field: 'vitals.heartRate', message: 'Heart rate must be between 20 and 300 /min.' },
      { field: 'vitals.temperature', message: 'Body temperature can have at most 1 decimal.' },
    ]);
    expect(final([vitals], { vitals: { ...complete, bpSystolic: 120.5 } })).toEqual([
      { field: 'vitals.bpSystolic', message: 'Blood pressure, systolic must be a whole number.' },
    ]);
    expect(final([vitals], { vitals: complete })).toEqual([]);
  });

  it('needs the diastolic pressure below the systolic one', () => {
    for (const bpDiastolic of [120, 130])
      expect(final([vitals], { vitals: { ...complete, bpDiastolic } })).toEqual([
        {
          field: 'vitals.bpDiastolic',
          message: 'Diastolic pressure must be below systolic pressure.',
        },
      ]);
  });
});

describe('diagnosis list', () => {
  const dx = { id: 'dx', type: 'diagnosis', label: 'Diagnoses', maxItems: 2 };
  const entry = (code: string | null, rank = 'secondary', description = 'Type 2 diabetes') => ({
    code,
    description,
    rank,
  });

  it('lets a draft hold half-written entries but not wrong shapes', () => {
    expect(draft([dx], { dx: [{ code: 'E1', description: '' }, entry(null, 'maybe')] })).toEqual(
      [],
    );
    expect(draft([dx], { dx: entry('E11.9') })).toEqual([
      { field: 'dx', message: 'Diagnoses must be a list.' },
    ]);
    expect(draft([dx], { dx: ['E11.9'] })).toEqual([
      { field: 'dx.0', message: 'Each entry must be an object.' },
    ]);
    expect(draft([dx], { dx: [{ ...entry('E11.9'), note: 'x' }] })).toEqual([
      { field: 'dx.0.note', message: 'Unknown entry part "note".' },
    ]);
    expect(draft([dx], { dx: [entry(null), { ...entry(null), code: 119 }] })).toEqual([
      { field: 'dx.1.code', message: 'Must be text.' },
    ]);
    expect(draft([dx], { dx: Array.from({ length: 101 }, () => entry(null)) })).toEqual([
      { field: 'dx', message: 'Diagnoses can hold at most 100 entries.' },
    ]);
  });

  it('accepts ICD-10 codes in their usual forms, or no code', () => {
    for (const code of ['E11.9', 'E119', 'e11.9', 'S72.001A', 'S72001A', 'QA00.0', 'I10', null, ''])
      expect(final([dx], { dx: [entry(code, 'primary')] }), String(code)).toEqual([]);
  });

  it('refuses a malformed code, a missing description or rank, and two primaries', () => {
    for (const code of ['E1', '11.9', 'E11.', 'E11.99999', 'E 11.9'])
      expect(final([dx], { dx: [entry(code)] }), code).toEqual([
        {
          field: 'dx.0.code',
          message: 'Enter an ICD-10 code such as E11.9, or leave the code empty.',
        },
      ]);
    expect(final([dx], { dx: [{ code: 'I10', description: ' ' }] })).toEqual([
      { field: 'dx.0.description', message: 'Diagnosis is required.' },
      { field: 'dx.0.rank', message: 'Choose primary or secondary.' },
    ]);
    expect(final([dx], { dx: [entry('I10', 'primary'), entry('E11.9', 'primary')] })).toEqual([
      { field: 'dx', message: 'Only one diagnosis can be primary.' },
    ]);
  });

  it('enforces the maximum number of entries when signing', () => {
    expect(final([dx], { dx: [entry('I10'), entry('E11.9'), entry(null)] })).toEqual([
      { field: 'dx', message: 'Diagnoses can have at most 2 entries.' },
    ]);
  });
});

describe('prescription and lab result lists', () => {
  const rx = { id: 'rx', type: 'prescriptions', label: 'Prescriptions', required: true };
  const labs = { id: 'labs', type: 'labs', label: 'Lab results' };

  it('lets a draft hold empty entries', () => {
    expect(draft([rx, labs], { rx: [{ drug: 'Metformin' }], labs: [{ flag: 'odd' }] })).toEqual([]);
  });

  it('needs drug, dose and frequency, but not route or duration', () => {
    expect(final([rx], { rx: [] })).toEqual([
      { field: 'rx', message: 'Prescriptions is required.' },
    ]);
    expect(final([rx], { rx: [{ drug: 'Metformin', route: 'oral' }] })).toEqual([
      { field: 'rx.0.dose', message: 'Dose is required.' },
      { field: 'rx.0.frequency', message: 'Frequency is required.' },
    ]);
    expect(
      final([rx], { rx: [{ drug: 'Metformin', dose: '500 mg', frequency: 'twice daily' }] }),
    ).toEqual([]);
  });

  it('needs test and value, and a known flag if any', () => {
    expect(
      final([labs], {
        labs: [
          { test: 'HbA1c', value: '7.1', unit: '%', referenceRange: '4.0-5.6', flag: 'high' },
          { test: 'Glucose', value: '', flag: 'very high' },
          { test: 'Sodium', value: '140', flag: null },
        ],
      }),
    ).toEqual([
      { field: 'labs.1.value', message: 'Value is required.' },
      { field: 'labs.1.flag', message: 'Choose normal, low, high, abnormal or critical.' },
    ]);
  });
});

describe('photos', () => {
  const photos = { id: 'photos', type: 'photos', label: 'Wound photos', maxItems: 1 };

  it('holds a list of photo ids', () => {
    expect(draft([photos], { photos: [photoId, photoId] })).toEqual([]);
    expect(draft([photos], { photos: ['wound.jpg'] })).toEqual([
      { field: 'photos', message: 'Wound photos must list photo ids.' },
    ]);
  });

  it('enforces the maximum when signing', () => {
    expect(final([photos], { photos: [photoId, photoId] })).toEqual([
      { field: 'photos', message: 'Wound photos can have at most 1 entry.' },
    ]);
  });
});

describe('the record as a whole', () => {
  const note = { id: 'note', type: 'textarea', label: 'Note' };

  it('refuses answers to fields the template does not have, in both modes', () => {
    for (const mode of ['draft', 'final'] as const)
      expect(validateRecordData(template(note), { note: 'ok', ghost: 1 }, mode)).toEqual([
        { field: 'ghost', message: 'This field is not part of the template.' },
      ]);
  });

  it('refuses data that is not an object', () => {
    for (const data of [null, [], 'note'])
      expect(draft([note], data)).toEqual([
        { field: '', message: 'Record data must be an object.' },
      ]);
  });
});

describe('show-if', () => {
  const woundType = {
    id: 'wound_type',
    type: 'select',
    label: 'Wound type',
    options: [
      { value: 'pressure', label: 'Pressure injury' },
      { value: 'burn', label: 'Burn' },
    ],
  };
  const stage = {
    id: 'stage',
    type: 'text',
    label: 'Stage',
    required: true,
    showIf: { fieldId: 'wound_type', operator: 'equals', value: 'pressure' },
  };

  it('enforces a required field only while it shows (equals)', () => {
    expect(final([woundType, stage], {})).toEqual([]);
    expect(final([woundType, stage], { wound_type: 'burn' })).toEqual([]);
    expect(final([woundType, stage], { wound_type: 'pressure' })).toEqual([
      { field: 'stage', message: 'Stage is required.' },
    ]);
  });

  it('shows a not-equals field until the other field has that value', () => {
    const cause = { ...stage, showIf: { ...stage.showIf, operator: 'not-equals' } };
    expect(final([woundType, cause], {})).toEqual([
      { field: 'stage', message: 'Stage is required.' },
    ]);
    expect(final([woundType, cause], { wound_type: 'pressure' })).toEqual([]);
  });

  it('shows a filled field once the other field has a real answer', () => {
    const detail = { ...stage, showIf: { fieldId: 'wound_type', operator: 'filled' } };
    expect(final([woundType, detail], { wound_type: '  ' })).toEqual([]);
    expect(final([woundType, detail], { wound_type: 'burn' })).toHaveLength(1);
  });

  it('treats an unticked checkbox as "no"', () => {
    const done = { id: 'done', type: 'checkbox', label: 'Dressing changed' };
    const why = {
      id: 'why',
      type: 'text',
      label: 'Reason not changed',
      required: true,
      showIf: { fieldId: 'done', operator: 'equals', value: false },
    };
    const expected = [{ field: 'why', message: 'Reason not changed is required.' }];
    expect(final([done, why], {})).toEqual(expected);
    expect(final([done, why], { done: false })).toEqual(expected);
    expect(final([done, why], { done: true })).toEqual([]);
  });

  it('compares numbers', () => {
    const pain = { id: 'pain', type: 'number', label: 'Pain' };
    const plan = { ...stage, showIf: { fieldId: 'pain', operator: 'equals', value: 10 } };
    expect(final([pain, plan], { pain: 10 })).toHaveLength(1);
    expect(final([pain, plan], { pain: 9 })).toEqual([]);
  });

  it('hides a field under a hidden field, whatever the hidden field holds', () => {
    const infection = { id: 'infection', type: 'checkbox', label: 'Infection' };
    const swab = {
      id: 'swab',
      type: 'select',
      label: 'Swab taken',
      options: [{ value: 'yes', label: 'Yes' }],
      showIf: { fieldId: 'infection', operator: 'equals', value: true },
    };
    const result = {
      id: 'result',
      type: 'text',
      label: 'Swab result',
      required: true,
      showIf: { fieldId: 'swab', operator: 'equals', value: 'yes' },
    };
    const fields = [infection, swab, result];
    expect(final(fields, { infection: true, swab: 'yes' })).toEqual([
      { field: 'result', message: 'Swab result is required.' },
    ]);
    expect(final(fields, { infection: false, swab: 'yes' })).toEqual([]);
  });

  it('still refuses a wrong shape in a hidden field when signing', () => {
    expect(final([woundType, stage], { wound_type: 'burn', stage: 3 })).toEqual([
      { field: 'stage', message: 'Stage must be text.' },
    ]);
  });
});

describe('record patches', () => {
  const fields = template(
    { id: 'note', type: 'textarea', label: 'Note', required: true },
    { id: 'pain', type: 'number', label: 'Pain', min: 0, max: 10 },
  );

  it('clears an answer with null, even a required one', () => {
    expect(validateRecordPatch(fields, { note: null, pain: 4 })).toEqual([]);
  });

  it('checks the shape of what it sets, not the rules', () => {
    expect(validateRecordPatch(fields, { pain: 11 })).toEqual([]);
    expect(validateRecordPatch(fields, { pain: 'four', note: null })).toEqual([
      { field: 'pain', message: 'Pain must be a number.' },
    ]);
  });

  it('refuses a field the template does not have, even to clear it', () => {
    expect(validateRecordPatch(fields, { ghost: null, other: 'x' })).toEqual([
      { field: 'ghost', message: 'This field is not part of the template.' },
      { field: 'other', message: 'This field is not part of the template.' },
    ]);
  });
});
