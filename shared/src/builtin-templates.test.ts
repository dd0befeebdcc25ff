import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { builtInTemplates } from './builtin-templates.ts';
import { isFieldVisible } from './field-visibility.ts';
import type { RecordData } from './record-values.ts';
import { validateRecordData } from './record-validation.ts';
import { TemplateFields } from './template-fields.ts';
import type { BuiltInTemplateKey } from './templates.ts';
import { vitalSignKeys } from './vital-signs.ts';

const fieldsOf = (key: BuiltInTemplateKey) =>
  v.parse(TemplateFields, builtInTemplates.find((template) => template.key === key)!.fields);

const visibleIds = (key: BuiltInTemplateKey, data: RecordData) => {
  const fields = fieldsOf(key);
  const byId = new Map(fields.map((field) => [field.id, field]));
  return fields.filter((field) => isFieldVisible(field, data, byId)).map((field) => field.id);
};

describe('SOAP note', () => {
  it('needs subjective, assessment and plan to be signed; objective and diagnoses are optional', () => {
    expect(validateRecordData(fieldsOf('soap'), {}, 'final')).toEqual([
      { field: 'subjective', message: 'Subjective is required.' },
      { field: 'assessment', message: 'Assessment is required.' },
      { field: 'plan', message: 'Plan is required.' },
    ]);
    const note = { subjective: 'Knee pain', assessment: 'Improving', plan: 'Continue exercises' };
    expect(validateRecordData(fieldsOf('soap'), note, 'final')).toEqual([]);
  });
});

describe('vital signs', () => {
  it('offers all eight measurements and can be signed with only some taken', () => {
    const [vitals] = fieldsOf('vitals');
    expect(vitals).toMatchObject({ type: 'vitals', required: false, measurements: vitalSignKeys });
    expect(
      validateRecordData(fieldsOf('vitals'), { vitals: { heartRate: 72, spo2: 97 } }, 'final'),
    ).toEqual([]);
  });
});

describe('wound assessment', () => {
  it('asks for the pressure-injury stage only for a pressure injury', () => {
    expect(visibleIds('wound', { wound_type: 'venous_leg_ulcer' })).not.toContain('pressure_stage');
    expect(visibleIds('wound', { wound_type: 'pressure_injury' })).toContain('pressure_stage');
    expect(
      validateRecordData(
        fieldsOf('wound'),
        { location: 'Sacrum', wound_type: 'pressure_injury' },
        'final',
      ),
    ).toEqual([{ field: 'pressure_stage', message: 'Pressure injury stage is required.' }]);
  });

  it('asks for infection notes only when signs of infection are ticked', () => {
    expect(visibleIds('wound', {})).not.toContain('infection_notes');
    expect(visibleIds('wound', { infection: true })).toContain('infection_notes');
  });

  it('checks sizes in centimetres with one decimal and a whole pain score', () => {
    expect(
      validateRecordData(
        fieldsOf('wound'),
        { location: 'Left heel', length_cm: 120, width_cm: 2.25, depth_cm: 0, pain_score: 3.5 },
        'final',
      ),
    ).toEqual([
      { field: 'length_cm', message: 'Length must be at most 100 cm.' },
      { field: 'width_cm', message: 'Width can have at most 1 decimal.' },
      { field: 'pain_score', message: 'Pain score must be a whole number.' },
    ]);
  });
});
