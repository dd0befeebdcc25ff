import { describe, expect, it } from 'vitest';
import type { FieldOfType, TemplateField } from '@bedside/shared';
import {
  displayLines,
  formatBloodPressure,
  formatDiagnosis,
  formatLabResult,
  formatPrescription,
  numberRangeHint,
  readDiagnoses,
  readLabResults,
  readVitals,
  spokenUnit,
  vitalRows,
  withUnit,
} from './record-values';

type Definition<F = TemplateField> = F extends TemplateField ? Omit<F, 'required'> : never;
/** A field as a template holds it, not required. */
const field = (definition: Definition): TemplateField => ({ ...definition, required: false });

describe('vital signs', () => {
  it('shows blood pressure as one systolic/diastolic pair in mmHg', () => {
    expect(formatBloodPressure(120, 80)).toBe('120/80 mmHg');
    expect(formatBloodPressure(120, null)).toBe('120/– mmHg');
  });

  it('lists measured signs in the field order with units and LOINC codes', () => {
    const rows = vitalRows(['heartRate', 'bpSystolic', 'bpDiastolic', 'temperature', 'spo2'], {
      bpDiastolic: 80,
      bpSystolic: 120,
      heartRate: 72,
      spo2: 98,
      temperature: null,
    });
    expect(rows).toEqual([
      { key: 'heartRate', label: 'Heart rate', text: '72/min', loinc: '8867-4' },
      { key: 'bp', label: 'Blood pressure', text: '120/80 mmHg', loinc: '8480-6, 8462-4' },
      { key: 'spo2', label: 'Oxygen saturation (SpO2)', text: '98%', loinc: '59408-5' },
    ]);
  });

  it('ignores measurements that are not numbers', () => {
    expect(readVitals({ heartRate: '72', weight: 70.5, height: Number.NaN })).toEqual({
      weight: 70.5,
    });
  });

  it('spells out units for screen readers', () => {
    expect(spokenUnit('/min')).toBe('per minute');
    expect(spokenUnit('°C')).toBe('degrees Celsius');
    expect(spokenUnit('mg')).toBe('mg');
  });
});

describe('withUnit', () => {
  it('puts a space before word units only', () => {
    expect(withUnit(37.5, '°C')).toBe('37.5 °C');
    expect(withUnit(12, '%')).toBe('12%');
    expect(withUnit(3, null)).toBe('3');
  });
});

describe('list entries', () => {
  it('reads a diagnosis with its code, description and rank', () => {
    expect(
      formatDiagnosis({
        code: 'E11.9',
        description: 'Type 2 diabetes mellitus without complications',
        rank: 'primary',
      }),
    ).toBe('E11.9 Type 2 diabetes mellitus without complications (primary)');
    expect(formatDiagnosis({ code: null, description: 'Chest pain', rank: 'secondary' })).toBe(
      'Chest pain (secondary)',
    );
  });

  it('fills in the parts a draft left out', () => {
    expect(readDiagnoses([{ description: 'Cough' }, 'junk'])).toEqual([
      { code: null, description: 'Cough', rank: 'secondary' },
    ]);
    expect(readLabResults([{ test: 'CRP', flag: 'weird' }])).toEqual([
      { test: 'CRP', value: '', unit: '', referenceRange: '', flag: null },
    ]);
  });

  it('joins the given parts of a prescription', () => {
    expect(
      formatPrescription({
        drug: 'Amoxicillin',
        dose: '500 mg',
        route: 'Oral',
        frequency: 'three times a day',
        duration: '7 days',
      }),
    ).toBe('Amoxicillin 500 mg, Oral, three times a day, 7 days');
    expect(
      formatPrescription({ drug: 'Paracetamol', dose: '', route: '', frequency: '', duration: '' }),
    ).toBe('Paracetamol');
    expect(
      formatPrescription({ drug: ' ', dose: '', route: '', frequency: '', duration: '' }),
    ).toBe('Empty entry');
  });

  it('reads a lab result with its reference range and flag', () => {
    expect(
      formatLabResult({
        test: 'Haemoglobin',
        value: '10.2',
        unit: 'g/dL',
        referenceRange: '12–16',
        flag: 'low',
      }),
    ).toBe('Haemoglobin: 10.2 g/dL (reference 12–16), Low');
    expect(
      formatLabResult({ test: 'Culture', value: '', unit: 'mg', referenceRange: '', flag: null }),
    ).toBe('Culture');
  });
});

describe('numberRangeHint', () => {
  const number = (min: number | null, max: number | null): FieldOfType<'number'> => ({
    id: 'dose',
    label: 'Dose',
    type: 'number',
    required: false,
    min,
    max,
    unit: 'mg',
  });

  it('says the allowed range with the unit', () => {
    expect(numberRangeHint(number(0, 10))).toBe('From 0 mg to 10 mg.');
    expect(numberRangeHint(number(5, null))).toBe('At least 5 mg.');
    expect(numberRangeHint(number(null, null))).toBeNull();
  });
});

describe('displayLines', () => {
  it('shows nothing for an empty field', () => {
    expect(displayLines(field({ id: 'note', label: 'Note', type: 'text' }), '  ')).toEqual([]);
    expect(
      displayLines(field({ id: 'dx', label: 'Diagnoses', type: 'diagnosis' }), undefined),
    ).toEqual([]);
  });

  it('shows a select option by its label and a checkbox as yes or no', () => {
    const side = field({
      id: 'side',
      label: 'Side',
      type: 'select',
      options: [{ value: 'l', label: 'Left' }],
    });
    expect(displayLines(side, 'l')).toEqual(['Left']);
    expect(displayLines(side, 'gone')).toEqual(['gone']);
    const consent = field({ id: 'consent', label: 'Consent', type: 'checkbox' });
    expect(displayLines(consent, true)).toEqual(['Yes']);
    expect(displayLines(consent, undefined)).toEqual(['No']);
  });

  it('shows numbers with their unit and dates in words', () => {
    expect(
      displayLines(field({ id: 'w', label: 'Wound length', type: 'number', unit: 'cm' }), 2.5),
    ).toEqual(['2.5 cm']);
    const [date] = displayLines(field({ id: 'd', label: 'Onset', type: 'date' }), '2026-04-02');
    expect(date).toMatch(/2026/);
    expect(date).not.toBe('2026-04-02');
  });

  it('gives one line per measurement, entry or photo count', () => {
    const vitals = field({
      id: 'v',
      label: 'Vitals',
      type: 'vitals',
      measurements: ['bpSystolic', 'bpDiastolic', 'weight'],
    });
    expect(displayLines(vitals, { bpSystolic: 130, bpDiastolic: 85, weight: 70.5 })).toEqual([
      'Blood pressure: 130/85 mmHg',
      'Body weight: 70.5 kg',
    ]);
    const photos = field({ id: 'p', label: 'Photos', type: 'photos' });
    expect(
      displayLines(photos, [
        '0190a7a4-0000-7000-8000-000000000001',
        '0190a7a4-0000-7000-8000-000000000002',
      ]),
    ).toEqual(['2 photos']);
  });
});
