import type { FieldIssue } from './problems.ts';
import {
  MAX_ITEM_TEXT,
  MAX_LIST_ITEMS,
  MAX_TEXT_VALUE,
  prescriptionParts,
} from './record-values.ts';
import type { FieldOfType, TemplateField } from './template-fields.ts';
import { vitalSigns } from './vital-signs.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

type IssueAt = (message: string, path?: string) => FieldIssue;

/**
 * Whether a value has the shape its field type stores (and stays within the hard size limits).
 * Holds for drafts too: content rules wait for signing, a wrong shape never gets stored.
 */
export function checkShape(field: TemplateField, value: unknown): FieldIssue | undefined {
  if (value === null || value === undefined) return undefined;
  const issue: IssueAt = (message, path) => ({
    field: path ? `${field.id}.${path}` : field.id,
    message,
  });
  switch (field.type) {
    case 'text':
    case 'textarea':
    case 'select':
    case 'date':
      if (typeof value !== 'string') return issue(`${field.label} must be text.`);
      if (value.length > MAX_TEXT_VALUE)
        return issue(`${field.label} must be at most ${MAX_TEXT_VALUE} characters.`);
      return undefined;
    case 'number':
      return typeof value === 'number' && Number.isFinite(value)
        ? undefined
        : issue(`${field.label} must be a number.`);
    case 'checkbox':
      return typeof value === 'boolean' ? undefined : issue(`${field.label} must be yes or no.`);
    case 'vitals':
      return checkVitalsShape(field, value, issue);
    case 'photos':
      if (!Array.isArray(value)) return issue(`${field.label} must be a list.`);
      if (value.length > MAX_LIST_ITEMS)
        return issue(`${field.label} can hold at most ${MAX_LIST_ITEMS} entries.`);
      return value.every((id) => typeof id === 'string' && UUID.test(id))
        ? undefined
        : issue(`${field.label} must list photo ids.`);
    case 'diagnosis':
    case 'prescriptions':
    case 'labs':
      return checkListShape(field, value, issue);
  }
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function checkVitalsShape(
  field: FieldOfType<'vitals'>,
  value: unknown,
  issue: IssueAt,
): FieldIssue | undefined {
  if (!isPlainObject(value)) return issue(`${field.label} must be a set of measurements.`);
  for (const [key, measurement] of Object.entries(value)) {
    const sign = field.measurements.find((measured) => measured === key);
    if (!sign) return issue('This measurement is not part of the field.', key);
    if (measurement !== null && !(typeof measurement === 'number' && Number.isFinite(measurement)))
      return issue(`${vitalSigns[sign].label} must be a number.`, key);
  }
  return undefined;
}

const itemKeys = {
  diagnosis: ['code', 'description', 'rank'],
  prescriptions: prescriptionParts,
  labs: ['test', 'value', 'unit', 'referenceRange', 'flag'],
} as const;

function checkListShape(
  field: FieldOfType<'diagnosis' | 'prescriptions' | 'labs'>,
  value: unknown,
  issue: IssueAt,
): FieldIssue | undefined {
  if (!Array.isArray(value)) return issue(`${field.label} must be a list.`);
  if (value.length > MAX_LIST_ITEMS)
    return issue(`${field.label} can hold at most ${MAX_LIST_ITEMS} entries.`);
  const keys: readonly string[] = itemKeys[field.type];
  for (const [index, item] of value.entries()) {
    if (!isPlainObject(item)) return issue('Each entry must be an object.', String(index));
    for (const [key, part] of Object.entries(item)) {
      if (!keys.includes(key)) return issue(`Unknown entry part "${key}".`, `${index}.${key}`);
      if (part !== null && typeof part !== 'string')
        return issue('Must be text.', `${index}.${key}`);
      if (typeof part === 'string' && part.length > MAX_ITEM_TEXT)
        return issue(`Must be at most ${MAX_ITEM_TEXT} characters.`, `${index}.${key}`);
    }
  }
  return undefined;
}
