import { isEmptyValue, isFieldVisible, readAnswer } from './field-visibility.ts';
import type { FieldIssue } from './problems.ts';
import { checkShape, isPlainObject } from './record-shape.ts';
import { diagnosisRanks, ICD10_CODE, labFlags, type RecordData } from './record-values.ts';
import type { FieldOfType, TemplateField } from './template-fields.ts';
import { matchesPattern } from './text-pattern.ts';
import { vitalSigns, vitalSignKeys } from './vital-signs.ts';

/**
 * `draft`: only the shape of each value and hard size limits, so an unfinished record can always
 * be saved. `final`: every rule of every visible field, as signing requires.
 */
export type ValidationMode = 'draft' | 'final';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const NOT_IN_TEMPLATE = 'This field is not part of the template.';

/**
 * Checks a record's data against its template version. The same function runs on the device
 * (as the user types, and before signing) and on the server (on every record mutation), so the
 * messages are the same. Issues name the field id, or `id.key` / `id.index.key` inside a value.
 * Every value must have its field's shape; only visible fields must follow the rules when signing.
 */
export function validateRecordData(
  fields: readonly TemplateField[],
  data: unknown,
  mode: ValidationMode,
): FieldIssue[] {
  if (!isPlainObject(data)) return [{ field: '', message: 'Record data must be an object.' }];
  const issues: FieldIssue[] = [];
  const byId = new Map(fields.map((field) => [field.id, field]));
  for (const key of Object.keys(data)) {
    if (!byId.has(key)) issues.push({ field: key, message: NOT_IN_TEMPLATE });
  }
  for (const field of fields) {
    const value = readAnswer(data, field.id);
    const shapeIssue = checkShape(field, value);
    if (shapeIssue) issues.push(shapeIssue);
    else if (mode === 'final' && isFieldVisible(field, data, byId))
      issues.push(...checkRules(field, value));
  }
  return issues;
}

/** Checks the answers a draft update sets: shape only; null clears an answer. */
export function validateRecordPatch(
  fields: readonly TemplateField[],
  patch: RecordData,
): FieldIssue[] {
  if (!isPlainObject(patch)) return validateRecordData(fields, patch, 'draft');
  const ids = new Set(fields.map((field) => field.id));
  const clearedUnknown = Object.keys(patch)
    .filter((key) => patch[key] === null && !ids.has(key))
    .map((key) => ({ field: key, message: NOT_IN_TEMPLATE }));
  const set = Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== null));
  return [...clearedUnknown, ...validateRecordData(fields, set, 'draft')];
}

function checkRules(field: TemplateField, value: unknown): FieldIssue[] {
  const at = (message: string, path?: string): FieldIssue => ({
    field: path ? `${field.id}.${path}` : field.id,
    message,
  });
  if (isEmptyValue(field, value)) {
    if (!field.required) return [];
    return [
      at(
        field.type === 'checkbox'
          ? `${field.label} must be ticked.`
          : field.type === 'vitals'
            ? `${field.label}: record every measurement.`
            : `${field.label} is required.`,
      ),
    ];
  }
  switch (field.type) {
    case 'text':
    case 'textarea':
      return checkText(field, String(value), at);
    case 'number':
      return checkNumber(field, value as number, at);
    case 'select':
      return field.options.some((option) => option.value === value)
        ? []
        : [at(`Choose one of the options for ${field.label}.`)];
    case 'date':
      return checkDate(field, String(value), at);
    case 'vitals':
      return checkVitals(field, value as Record<string, number | null>, at);
    case 'diagnosis':
      return checkDiagnoses(field, value as Record<string, string | null>[], at);
    case 'prescriptions':
      return checkItems(field, value as Record<string, string | null>[], at, {
        drug: 'Drug',
        dose: 'Dose',
        frequency: 'Frequency',
      });
    case 'labs':
      return [
        ...checkItems(field, value as Record<string, string | null>[], at, {
          test: 'Test',
          value: 'Value',
        }),
        ...(value as Record<string, string | null>[]).flatMap((item, index) =>
          item.flag == null || (labFlags as readonly string[]).includes(item.flag)
            ? []
            : [at('Choose normal, low, high, abnormal or critical.', `${index}.flag`)],
        ),
      ];
    case 'checkbox':
      return [];
    case 'photos':
      return checkCount(field, (value as unknown[]).length, at);
  }
}

type At = (message: string, path?: string) => FieldIssue;

function checkText(field: FieldOfType<'text' | 'textarea'>, value: string, at: At): FieldIssue[] {
  const length = value.trim().length;
  if (field.minLength != null && length < field.minLength)
    return [at(`${field.label} must be at least ${field.minLength} characters.`)];
  if (field.maxLength != null && length > field.maxLength)
    return [at(`${field.label} must be at most ${field.maxLength} characters.`)];
  if (field.pattern && !matchesPattern(field.pattern, value.trim()))
    return [at(field.patternMessage ?? `${field.label} is not in the expected format.`)];
  return [];
}

function checkNumber(field: FieldOfType<'number'>, value: number, at: At): FieldIssue[] {
  const unit = field.unit ? ` ${field.unit}` : '';
  if (field.min != null && value < field.min)
    return [at(`${field.label} must be at least ${field.min}${unit}.`)];
  if (field.max != null && value > field.max)
    return [at(`${field.label} must be at most ${field.max}${unit}.`)];
  if (field.decimals != null && !hasAtMostDecimals(value, field.decimals))
    return [at(decimalsMessage(field.label, field.decimals))];
  return [];
}

function checkDate(field: FieldOfType<'date'>, value: string, at: At): FieldIssue[] {
  const date = new Date(value + 'T00:00:00Z');
  if (
    !ISO_DATE.test(value) ||
    Number.isNaN(date.getTime()) ||
    !date.toISOString().startsWith(value)
  )
    return [at(`${field.label} must be a real date (YYYY-MM-DD).`)];
  if (field.minDate && value < field.minDate)
    return [at(`${field.label} must be on or after ${field.minDate}.`)];
  if (field.maxDate && value > field.maxDate)
    return [at(`${field.label} must be on or before ${field.maxDate}.`)];
  return [];
}

function checkVitals(
  field: FieldOfType<'vitals'>,
  value: Record<string, number | null>,
  at: At,
): FieldIssue[] {
  const issues: FieldIssue[] = [];
  for (const key of vitalSignKeys) {
    if (!field.measurements.includes(key)) continue;
    const sign = vitalSigns[key];
    const measured = value[key];
    if (measured == null) {
      if (field.required) issues.push(at(`${sign.label} is required.`, key));
      continue;
    }
    if (measured < sign.min || measured > sign.max)
      issues.push(
        at(`${sign.label} must be between ${sign.min} and ${sign.max} ${sign.unit}.`, key),
      );
    else if (!hasAtMostDecimals(measured, sign.decimals))
      issues.push(at(decimalsMessage(sign.label, sign.decimals), key));
  }
  const { bpSystolic, bpDiastolic } = value;
  if (bpSystolic != null && bpDiastolic != null && !issues.length && bpDiastolic >= bpSystolic)
    issues.push(at('Diastolic pressure must be below systolic pressure.', 'bpDiastolic'));
  return issues;
}

function checkDiagnoses(
  field: FieldOfType<'diagnosis'>,
  items: Record<string, string | null>[],
  at: At,
): FieldIssue[] {
  const issues = checkItems(field, items, at, { description: 'Diagnosis' });
  items.forEach((item, index) => {
    const code = item.code?.trim();
    if (code && !ICD10_CODE.test(code.toUpperCase()))
      issues.push(
        at('Enter an ICD-10 code such as E11.9, or leave the code empty.', `${index}.code`),
      );
    if (!(diagnosisRanks as readonly (string | null | undefined)[]).includes(item.rank))
      issues.push(at('Choose primary or secondary.', `${index}.rank`));
  });
  if (items.filter((item) => item.rank === 'primary').length > 1)
    issues.push(at('Only one diagnosis can be primary.'));
  return issues;
}

/** Each entry must fill the named parts; the list must respect `maxItems`. */
function checkItems(
  field: FieldOfType<'diagnosis' | 'prescriptions' | 'labs'>,
  items: Record<string, string | null>[],
  at: At,
  requiredParts: Record<string, string>,
): FieldIssue[] {
  const issues = checkCount(field, items.length, at);
  items.forEach((item, index) => {
    for (const [part, label] of Object.entries(requiredParts)) {
      if (!item[part]?.trim()) issues.push(at(`${label} is required.`, `${index}.${part}`));
    }
  });
  return issues;
}

function checkCount(
  field: FieldOfType<'diagnosis' | 'prescriptions' | 'labs' | 'photos'>,
  count: number,
  at: At,
): FieldIssue[] {
  return field.maxItems != null && count > field.maxItems
    ? [at(`${field.label} can have at most ${quantity(field.maxItems, 'entry', 'entries')}.`)]
    : [];
}

function decimalsMessage(label: string, decimals: number): string {
  return decimals === 0
    ? `${label} must be a whole number.`
    : `${label} can have at most ${quantity(decimals, 'decimal', 'decimals')}.`;
}

function quantity(amount: number, one: string, many: string): string {
  return `${amount} ${amount === 1 ? one : many}`;
}

function hasAtMostDecimals(value: number, decimals: number): boolean {
  const scaled = value * 10 ** decimals;
  return Math.abs(scaled - Math.round(scaled)) < 1e-6;
}
