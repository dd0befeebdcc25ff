/**
 * `pnpm --filter @bedside/shared exec tsx bench/record-validation-bench.ts`: how long the shared
 * validation takes for a realistic 60-field record (every field type, show-if chains), in both
 * modes, and how long checking the 60-field template definition takes. Prints figures; asserts
 * nothing. The device runs the draft check on every autosave and the final one when signing; the
 * server runs them on every record mutation. A phone is typically 3-5 times slower than node here.
 */
import * as v from 'valibot';
import {
  TemplateFields,
  validateRecordData,
  vitalSignKeys,
  type FieldType,
  type RecordData,
  type TemplateField,
} from '../src/index.ts';

// shared compiles without Node's types (it runs in browsers too); the bench only needs these.
declare const console: { log(line: string): void };
declare const performance: { now(): number };

const RUNS = 5_000;
const WARM_UP_RUNS = 1_000;
const DEFINITION_RUNS = 1_000;
const SECTIONS = 6;

const photoId = (n: number) => `0190b6d8-0000-7000-8000-${String(n).padStart(12, '0')}`;

/**
 * One section of ten fields: "assessed" → severity → details is a show-if chain two deep; the
 * last four fields rotate through the clinical and remaining types.
 */
function section(s: number): object[] {
  const id = (name: string) => `s${s}_${name}`;
  const clinical: FieldType[] =
    s % 2 === 0
      ? ['vitals', 'diagnosis', 'prescriptions', 'labs']
      : ['photos', 'text', 'number', 'select'];
  return [
    { id: id('assessed'), type: 'checkbox', label: `Section ${s} assessed` },
    {
      id: id('severity'),
      type: 'select',
      label: 'Severity',
      required: true,
      options: ['mild', 'moderate', 'severe'].map((value) => ({ value, label: value })),
      showIf: { fieldId: id('assessed'), operator: 'equals', value: true },
    },
    {
      id: id('details'),
      type: 'textarea',
      label: 'Details',
      required: true,
      maxLength: 2000,
      showIf: { fieldId: id('severity'), operator: 'equals', value: 'severe' },
    },
    {
      id: id('code'),
      type: 'text',
      label: 'Reference',
      minLength: 6,
      maxLength: 6,
      pattern: '[A-Z]{2}\\d{4}',
      patternMessage: 'Two capitals and four digits.',
    },
    { id: id('score'), type: 'number', label: 'Score', min: 0, max: 10, decimals: 0, unit: 'pt' },
    { id: id('date'), type: 'date', label: 'Date', minDate: '2000-01-01', maxDate: '2100-12-31' },
    ...clinical.map((type, n) => clinicalField(type, id(`${type}_${n}`))),
  ];
}

function clinicalField(type: FieldType, id: string): object {
  const base = { id, type, label: `${type} ${id}`, help: 'Help text a clinician reads.' };
  switch (type) {
    case 'vitals':
      return { ...base, measurements: vitalSignKeys, required: true };
    case 'select':
      return {
        ...base,
        options: [
          { value: 'yes', label: 'Yes' },
          { value: 'no', label: 'No' },
        ],
      };
    case 'number':
      return { ...base, min: 0.5, max: 500, unit: 'kg', decimals: 1 };
    case 'diagnosis':
    case 'prescriptions':
    case 'labs':
    case 'photos':
      return { ...base, maxItems: 10 };
    default:
      return { ...base, showIf: { fieldId: id.replace(/_.*/, '_code'), operator: 'filled' } };
  }
}

/** A complete, valid answer for a field; `n` is its position in the template. */
function answer(field: TemplateField, n: number): unknown {
  switch (field.type) {
    case 'checkbox':
      return true;
    case 'select':
      return field.options.at(-1)!.value;
    case 'textarea':
      return 'Patient reports intermittent pain, worse at night. '.repeat(8);
    case 'text':
      return 'AB1234';
    case 'number':
      return field.decimals === 0 ? 7 : 72.5;
    case 'date':
      return '2024-05-17';
    case 'vitals':
      return {
        bpSystolic: 128,
        bpDiastolic: 82,
        heartRate: 76,
        respiratoryRate: 16,
        temperature: 36.9,
        spo2: 97,
        weight: 81.4,
        height: 178,
      };
    case 'diagnosis':
      return [
        { code: 'E11.9', description: 'Type 2 diabetes mellitus', rank: 'primary' },
        { code: 'I10', description: 'Essential hypertension', rank: 'secondary' },
      ];
    case 'prescriptions':
      return [
        {
          drug: 'Metformin',
          dose: '500 mg',
          route: 'oral',
          frequency: 'twice daily',
          duration: '',
        },
        { drug: 'Ramipril', dose: '5 mg', route: 'oral', frequency: 'daily', duration: '3 months' },
      ];
    case 'labs':
      return [
        { test: 'HbA1c', value: '7.1', unit: '%', referenceRange: '4.0-5.6', flag: 'high' },
        { test: 'Creatinine', value: '88', unit: 'µmol/L', referenceRange: '60-110', flag: null },
      ];
    case 'photos':
      return [photoId(n * 2), photoId(n * 2 + 1)];
  }
}

function stats(samplesMs: number[]) {
  const sorted = [...samplesMs].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
  const mean = sorted.reduce((sum, x) => sum + x, 0) / sorted.length;
  const us = (ms: number) => `${(ms * 1000).toFixed(1).padStart(7)} µs`;
  return `mean ${us(mean)}   p50 ${us(at(0.5))}   p95 ${us(at(0.95))}`;
}

function measure(runs: number, work: () => void): number[] {
  for (let i = 0; i < WARM_UP_RUNS; i++) work();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    work();
    samples.push(performance.now() - start);
  }
  return samples;
}

const definition = Array.from({ length: SECTIONS }, (_, s) => section(s)).flat();
const parsed = v.safeParse(TemplateFields, definition);
if (!parsed.success) throw new Error(`bench template is invalid: ${parsed.issues[0].message}`);
const fields = parsed.output;
const data: RecordData = Object.fromEntries(fields.map((field, n) => [field.id, answer(field, n)]));
// Odd sections are not assessed: their severity and details stay hidden (and unchecked).
for (let s = 1; s < SECTIONS; s += 2) data[`s${s}_assessed`] = false;

const types = new Set(fields.map((field) => field.type));
const showIfCount = fields.filter((field) => field.showIf).length;
console.log(
  `template         ${fields.length} fields, ${types.size} types, ${showIfCount} show-if rules ` +
    `(chains two deep), data ${(JSON.stringify(data).length / 1024).toFixed(1)} KiB JSON`,
);
for (const mode of ['final', 'draft'] as const) {
  const issues = validateRecordData(fields, data, mode).length;
  const samples = measure(RUNS, () => validateRecordData(fields, data, mode));
  console.log(`${mode.padEnd(16)} ${stats(samples)}   (${RUNS} runs, ${issues} issues)`);
}
const definitionSamples = measure(DEFINITION_RUNS, () => v.safeParse(TemplateFields, definition));
console.log(
  `definition       ${stats(definitionSamples)}   (${DEFINITION_RUNS} runs, TemplateFields)`,
);
