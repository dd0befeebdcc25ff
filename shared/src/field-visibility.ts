import type { RecordData } from './record-values.ts';
import { isPlainObject } from './record-shape.ts';
import type { ShowIf, TemplateField } from './template-fields.ts';

/**
 * A record's answer to one field. Only the record's own keys count: a field id never reads
 * something every object inherits.
 */
export function readAnswer(data: RecordData, fieldId: string): unknown {
  return Object.hasOwn(data, fieldId) ? data[fieldId] : undefined;
}

/** Whether a field shows, given the answers so far; a field under a hidden one hides too. */
export function isFieldVisible(
  field: TemplateField,
  data: RecordData,
  byId: ReadonlyMap<string, TemplateField>,
  depth = 0,
): boolean {
  const rule = field.showIf;
  if (!rule) return true;
  const target = byId.get(rule.fieldId);
  if (!target || depth > byId.size) return false;
  if (!isFieldVisible(target, data, byId, depth + 1)) return false;
  const value = readAnswer(data, rule.fieldId);
  switch (rule.operator) {
    case 'filled':
      return !isEmptyValue(target, value);
    case 'equals':
      return hasShowIfValue(target, value, rule.value);
    case 'not-equals':
      return !hasShowIfValue(target, value, rule.value);
  }
}

function hasShowIfValue(target: TemplateField, value: unknown, expected: ShowIf['value']) {
  // A checkbox never ticked counts as "no", so "shows when not ticked" works on a fresh record.
  if (typeof expected === 'boolean') return (value === true) === expected;
  return !isEmptyValue(target, value) && value === expected;
}

/** Whether a value counts as not filled in (for `required` and show-if "filled"). */
export function isEmptyValue(field: TemplateField, value: unknown): boolean {
  if (value === null || value === undefined) return true;
  switch (field.type) {
    case 'text':
    case 'textarea':
    case 'select':
    case 'date':
      return typeof value === 'string' && value.trim() === '';
    case 'checkbox':
      return value !== true;
    case 'vitals':
      return isPlainObject(value) && field.measurements.every((key) => value[key] == null);
    case 'diagnosis':
    case 'prescriptions':
    case 'labs':
    case 'photos':
      return Array.isArray(value) && value.length === 0;
    case 'number':
      return false;
  }
}
