/**
 * Reading and displaying the values a record holds (`records.data[fieldId]`). Drafts only have
 * their shape checked, so readers accept anything and return the typed value or an empty one;
 * the display functions turn a value into the words a clinician reads.
 */
import {
  diagnosisRanks,
  isEmptyValue,
  labFlags,
  vitalSigns,
  type Diagnosis,
  type DiagnosisRank,
  type FieldOfType,
  type LabFlag,
  type LabResult,
  type Prescription,
  type TemplateField,
  type VitalSign,
  type VitalSignsValue,
} from '@bedside/shared';
import { formatBirthDate } from '../patients/patient-format';
import { countOf } from '../ui/plural';

// ---- Readers: unknown data → typed values ----

export function readText(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

export function readNumber(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

export function readVitals(value: unknown): VitalSignsValue {
  if (!isObject(value)) return {};
  const vitals: VitalSignsValue = {};
  for (const key of Object.keys(vitalSigns) as VitalSign[]) {
    const measured = readNumber(value[key]);
    if (measured !== null) vitals[key] = measured;
  }
  return vitals;
}

export function readDiagnoses(value: unknown): Diagnosis[] {
  return readItems(value).map((item) => ({
    code: typeof item.code === 'string' && item.code !== '' ? item.code : null,
    description: readText(item.description),
    rank: isOneOf(diagnosisRanks, item.rank) ? item.rank : 'secondary',
  }));
}

export function readPrescriptions(value: unknown): Prescription[] {
  return readItems(value).map((item) => ({
    drug: readText(item.drug),
    dose: readText(item.dose),
    route: readText(item.route),
    frequency: readText(item.frequency),
    duration: readText(item.duration),
  }));
}

export function readLabResults(value: unknown): LabResult[] {
  return readItems(value).map((item) => ({
    test: readText(item.test),
    value: readText(item.value),
    unit: readText(item.unit),
    referenceRange: readText(item.referenceRange),
    flag: isOneOf(labFlags, item.flag) ? item.flag : null,
  }));
}

export function readPhotoIds(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((id) => typeof id === 'string') : [];
}

// ---- Labels ----

export const diagnosisRankLabels: Record<DiagnosisRank, string> = {
  primary: 'Primary',
  secondary: 'Secondary',
};

export const labFlagLabels: Record<LabFlag, string> = {
  normal: 'Normal',
  low: 'Low',
  high: 'High',
  abnormal: 'Abnormal',
  critical: 'Critical',
};

/** Routes offered in the prescription picker; anything else is typed as "Other". */
export const commonRoutes = [
  'Oral',
  'Sublingual',
  'Topical',
  'Transdermal',
  'Inhaled',
  'Nasal',
  'Eye',
  'Ear',
  'Rectal',
  'Vaginal',
  'Subcutaneous',
  'Intramuscular',
  'Intravenous',
] as const;

const spokenUnits: Record<string, string> = {
  mmHg: 'millimetres of mercury',
  '/min': 'per minute',
  '°C': 'degrees Celsius',
  '%': 'percent',
  kg: 'kilograms',
  cm: 'centimetres',
};

/** A unit as a screen reader should say it ("/min" → "per minute"); unknown units as written. */
export function spokenUnit(unit: string): string {
  return spokenUnits[unit] ?? unit;
}

// ---- Display strings ----

/** "12.5 kg", "72/min", "98%": units that read as part of the number go without a space. */
export function withUnit(value: number | string, unit: string | null | undefined): string {
  if (!unit) return String(value);
  return /^[/%]/.test(unit) ? `${value}${unit}` : `${value} ${unit}`;
}

/** "120/80 mmHg"; a missing half shows as "–" ("120/– mmHg"). */
export function formatBloodPressure(systolic: number | null, diastolic: number | null): string {
  return `${systolic ?? '–'}/${diastolic ?? '–'} ${vitalSigns.bpSystolic.unit}`;
}

export type VitalRow = { key: string; label: string; text: string; loinc: string };

/**
 * The measurements of a vitals field that have a value, in the field's order. Blood pressure
 * is one row ("Blood pressure", "120/80 mmHg") wherever its first half sits.
 */
export function vitalRows(measurements: readonly VitalSign[], value: unknown): VitalRow[] {
  const vitals = readVitals(value);
  const rows: VitalRow[] = [];
  for (const key of measurements) {
    if (key === 'bpSystolic' || key === 'bpDiastolic') {
      if (rows.some((row) => row.key === 'bp')) continue;
      const systolic = measurements.includes('bpSystolic') ? (vitals.bpSystolic ?? null) : null;
      const diastolic = measurements.includes('bpDiastolic') ? (vitals.bpDiastolic ?? null) : null;
      if (systolic === null && diastolic === null) continue;
      rows.push({
        key: 'bp',
        label: 'Blood pressure',
        text: formatBloodPressure(systolic, diastolic),
        loinc: `${vitalSigns.bpSystolic.loinc}, ${vitalSigns.bpDiastolic.loinc}`,
      });
      continue;
    }
    const measured = vitals[key];
    if (measured == null) continue;
    const sign = vitalSigns[key];
    rows.push({ key, label: sign.label, text: withUnit(measured, sign.unit), loinc: sign.loinc });
  }
  return rows;
}

/** A calendar date "YYYY-MM-DD" as "2 Apr 2026" in the user's locale, never shifted by time zone. */
export function formatCalendarDate(isoDate: string): string {
  return formatBirthDate(isoDate);
}

/** "E11.9 Type 2 diabetes mellitus without complications (primary)" */
export function formatDiagnosis(diagnosis: Diagnosis): string {
  const text = [diagnosis.code?.trim(), diagnosis.description.trim()].filter(Boolean).join(' ');
  return `${text || 'Unnamed diagnosis'} (${diagnosis.rank})`;
}

/** "Amoxicillin 500 mg, Oral, three times a day, 7 days": the parts given, in order. */
export function formatPrescription(prescription: Prescription): string {
  const drug = [prescription.drug, prescription.dose]
    .map((part) => part.trim())
    .filter(Boolean)
    .join(' ');
  const text = [drug, prescription.route, prescription.frequency, prescription.duration]
    .map((part) => part.trim())
    .filter(Boolean)
    .join(', ');
  return text || 'Empty entry';
}

/** "Haemoglobin: 10.2 g/dL (reference 12–16), Low" */
export function formatLabResult(result: LabResult): string {
  const value = result.value.trim();
  const measured = value ? withUnit(value, result.unit.trim()) : '';
  const reference = result.referenceRange.trim();
  const parts = [
    [result.test.trim(), measured].filter(Boolean).join(': '),
    reference ? `(reference ${reference})` : '',
  ]
    .filter(Boolean)
    .join(' ');
  const flag = result.flag ? labFlagLabels[result.flag] : '';
  return [parts, flag].filter(Boolean).join(', ') || 'Empty entry';
}

/** "No photos", "1 photo", "3 photos" */
export function formatPhotoCount(ids: readonly string[]): string {
  return ids.length === 0 ? 'No photos' : countOf(ids.length, 'photo');
}

/** "From 0 to 10.", "At least 0.", "At most 10." for a number field's hint; null without bounds. */
export function numberRangeHint(field: FieldOfType<'number'>): string | null {
  const at = (bound: number) => withUnit(bound, field.unit);
  if (field.min != null && field.max != null) return `From ${at(field.min)} to ${at(field.max)}.`;
  if (field.min != null) return `At least ${at(field.min)}.`;
  if (field.max != null) return `At most ${at(field.max)}.`;
  return null;
}

/**
 * A field's value as lines of text for reading: one line for a single value, one per entry for
 * lists, one per measurement for vital signs. No lines when the field is not filled in.
 */
export function displayLines(field: TemplateField, value: unknown): string[] {
  if (field.type !== 'checkbox' && isEmptyValue(field, value)) return [];
  switch (field.type) {
    case 'text':
    case 'textarea':
      return [readText(value)];
    case 'number': {
      const number = readNumber(value);
      return number === null ? [] : [withUnit(number, field.unit)];
    }
    case 'select': {
      const chosen = readText(value);
      return [field.options.find((option) => option.value === chosen)?.label ?? chosen];
    }
    case 'checkbox':
      return [value === true ? 'Yes' : 'No'];
    case 'date':
      return [formatCalendarDate(readText(value))];
    case 'vitals':
      return vitalRows(field.measurements, value).map((row) => `${row.label}: ${row.text}`);
    case 'diagnosis':
      return readDiagnoses(value).map(formatDiagnosis);
    case 'prescriptions':
      return readPrescriptions(value).map(formatPrescription);
    case 'labs':
      return readLabResults(value).map(formatLabResult);
    case 'photos':
      return [formatPhotoCount(readPhotoIds(value))];
  }
}

function readItems(value: unknown): Record<string, unknown>[] {
  return Array.isArray(value) ? value.filter(isObject) : [];
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isOneOf<T extends string>(options: readonly T[], value: unknown): value is T {
  return (options as readonly unknown[]).includes(value);
}
