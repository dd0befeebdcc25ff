/**
 * Puts validation issues where the user will see them. Issue paths from the shared validation
 * name a field (`pain`), a part of its value (`vitals.heartRate`) or a part of a list entry
 * (`meds.0.drug`); a part shows under its own input, anything else under the field, and issues
 * of fields not on screen go to `other` so nothing is silently dropped.
 */
import {
  isFieldVisible,
  type FieldIssue,
  type RecordData,
  type TemplateField,
  type VitalSign,
  vitalSigns,
} from '@bedside/shared';
import { listPartLabels, partId, partLabel, type FieldIssues, type ListFieldType } from './parts';

/** The fields that show for the answers given, in template order. */
export function visibleFields(fields: readonly TemplateField[], data: RecordData): TemplateField[] {
  const byId = new Map(fields.map((field) => [field.id, field]));
  return fields.filter((field) => isFieldVisible(field, data, byId));
}

export type SortedIssues = { byField: Map<string, FieldIssues>; other: string[] };

export function sortRecordIssues(
  shown: readonly TemplateField[],
  data: RecordData,
  issues: readonly FieldIssue[],
): SortedIssues {
  const byId = new Map(shown.map((field) => [field.id, field]));
  const byField = new Map<string, { messages: string[]; parts: Map<string, string> }>();
  const other: string[] = [];
  for (const issue of issues) {
    const [fieldId = '', ...rest] = issue.field.split('.');
    const field = byId.get(fieldId);
    if (!field) {
      if (!other.includes(issue.message)) other.push(issue.message);
      continue;
    }
    let sorted = byField.get(fieldId);
    if (!sorted) byField.set(fieldId, (sorted = { messages: [], parts: new Map() }));
    const part = rest.join('.');
    if (part && hasInputFor(field, data[fieldId], part)) {
      if (!sorted.parts.has(part)) sorted.parts.set(part, issue.message);
    } else if (!sorted.messages.includes(issue.message)) {
      sorted.messages.push(issue.message);
    }
  }
  return { byField, other };
}

/** Whether the field's inputs include one for this part of its value. */
function hasInputFor(field: TemplateField, value: unknown, part: string): boolean {
  if (field.type === 'vitals') return (field.measurements as readonly string[]).includes(part);
  if (!isListField(field)) return false;
  const entry = parseEntryPart(part);
  return (
    entry !== null &&
    Array.isArray(value) &&
    entry.index < value.length &&
    Object.hasOwn(listPartLabels[field.type], entry.part)
  );
}

function parseEntryPart(part: string): { index: number; part: string } | null {
  const match = /^(\d+)\.(\w+)$/.exec(part);
  return match ? { index: Number(match[1]), part: match[2] ?? '' } : null;
}

function isListField(
  field: TemplateField,
): field is Extract<TemplateField, { type: ListFieldType }> {
  return field.type === 'diagnosis' || field.type === 'prescriptions' || field.type === 'labs';
}

/**
 * Links for an error summary (`ErrorSummary`'s `fields`): each visible field with a problem, in
 * form order, then its parts ("Medication: Drug 2"), pointing at the element to focus. Pass
 * the same `idPrefix` as to the form.
 */
export function recordIssueLinks(
  fields: readonly TemplateField[],
  data: RecordData,
  issues: readonly FieldIssue[],
  idPrefix: string,
): { id: string; label: string }[] {
  const shown = visibleFields(fields, data);
  const { byField } = sortRecordIssues(shown, data, issues);
  const links: { id: string; label: string }[] = [];
  for (const field of shown) {
    const sorted = byField.get(field.id);
    if (!sorted) continue;
    const id = fieldElementId(idPrefix, field.id);
    if (sorted.messages.length > 0) links.push({ id, label: field.label });
    for (const part of sorted.parts.keys()) {
      links.push({
        id: partId(id, ...part.split('.')),
        label: `${field.label}: ${partName(field, part)}`,
      });
    }
  }
  return links;
}

/** The id of a field's main element inside a form with this prefix. */
export function fieldElementId(idPrefix: string, fieldId: string): string {
  return `${idPrefix}-${fieldId}`;
}

function partName(field: TemplateField, part: string): string {
  if (field.type === 'vitals') return isVitalSign(part) ? vitalSigns[part].label : part;
  const entry = parseEntryPart(part);
  if (!entry || !isListField(field)) return part;
  return partLabel(field.type, entry.part, entry.index);
}

function isVitalSign(key: string): key is VitalSign {
  return Object.hasOwn(vitalSigns, key);
}
