import type { FieldIssue, TemplateField } from '@bedside/shared';
import { fieldDisplayName } from './field-types';

/**
 * Validation messages sorted onto the editor. Paths come from `TemplateVersionInput`
 * (`name`, `fields.2.label`, `fields.2.options.0.label`, `fields.2` for rules spanning settings);
 * field positions are turned into field ids at once, so a later reorder keeps each message on
 * its own field.
 */
export type EditorIssues = {
  name?: string;
  description?: string;
  /** By field id, then by setting key; '' holds messages about the field as a whole. */
  fields: Record<string, Record<string, string>>;
  /** Messages that belong to no input, shown in the error summary. */
  other: string[];
};

export const noIssues: EditorIssues = { fields: {}, other: [] };

/** What each setting is called, in the editor and in the error summary. */
export const settingLabels: Record<string, string> = {
  '': 'Settings',
  label: 'Label',
  help: 'Help text',
  required: 'Required',
  minLength: 'Shortest answer',
  maxLength: 'Longest answer',
  pattern: 'Pattern',
  patternMessage: 'Message when the pattern does not match',
  min: 'Lowest value',
  max: 'Highest value',
  unit: 'Unit',
  decimals: 'Decimal places',
  options: 'Options',
  minDate: 'Earliest date',
  maxDate: 'Latest date',
  measurements: 'Measurements',
  maxItems: 'Most entries',
  showIf: 'Show this field',
};

export function editorIssues(
  issues: readonly FieldIssue[],
  fields: readonly TemplateField[],
  fallbackMessage?: string,
): EditorIssues {
  const result: EditorIssues = { fields: {}, other: [] };
  for (const issue of issues) {
    const [head, index, ...rest] = issue.field.split('.');
    const field = head === 'fields' && index !== undefined ? fields[Number(index)] : undefined;
    if (head === 'name' || head === 'description') {
      result[head] ??= issue.message;
    } else if (field) {
      const messages = (result.fields[field.id] ??= {});
      messages[settingKey(rest)] ??= issue.message;
    } else if (!result.other.includes(issue.message)) {
      result.other.push(issue.message);
    }
  }
  if (issues.length === 0 && fallbackMessage) result.other.push(fallbackMessage);
  return result;
}

/** `options.0.value` → `options.0.label` (values are never shown); `showIf.value` → `showIf`. */
function settingKey(path: readonly string[]): string {
  const [first = '', second] = path;
  if (first === 'options' && second !== undefined) return `options.${second}.label`;
  return first;
}

/** The id of the input that edits `key` of a field, so messages and summary links reach it. */
export function settingInputId(fieldId: string, key: string): string {
  return `tf-${fieldId}-${(key || 'label').replaceAll('.', '-')}`;
}

export function settingLabel(key: string): string {
  const option = /^options\.(\d+)\.label$/.exec(key);
  if (option) return `Option ${Number(option[1]) + 1}`;
  return settingLabels[key] ?? key;
}

/** The error summary's links, in the order the editor shows the inputs. */
export function issueLinks(
  issues: EditorIssues,
  fields: readonly TemplateField[],
): { id: string; label: string }[] {
  const links: { id: string; label: string }[] = [];
  if (issues.name) links.push({ id: 'template-name', label: 'Template name' });
  if (issues.description) links.push({ id: 'template-description', label: 'Description' });
  fields.forEach((field, index) => {
    for (const key of Object.keys(issues.fields[field.id] ?? {})) {
      const id = settingInputId(field.id, key);
      if (links.some((link) => link.id === id)) continue;
      links.push({ id, label: `${fieldDisplayName(field, index)}: ${settingLabel(key)}` });
    }
  });
  return links;
}

export function hasIssues(issues: EditorIssues): boolean {
  return (
    Boolean(issues.name || issues.description) ||
    issues.other.length > 0 ||
    Object.keys(issues.fields).length > 0
  );
}
