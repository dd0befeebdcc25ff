import type { ShowIf, ShowIfOperator, TemplateField } from '@bedside/shared';

/** How the editor words each condition: "Show when Smoker is Yes". */
export const operatorLabels: Record<ShowIfOperator, string> = {
  equals: 'is',
  'not-equals': 'is not',
  filled: 'has an answer',
};

/** The conditions that make sense for the field a rule looks at. */
export function operatorsFor(target: TemplateField): ShowIfOperator[] {
  switch (target.type) {
    case 'checkbox':
      return ['equals', 'not-equals'];
    case 'text':
    case 'textarea':
    case 'number':
    case 'select':
    case 'date':
      return ['equals', 'not-equals', 'filled'];
    case 'vitals':
    case 'diagnosis':
    case 'prescriptions':
    case 'labs':
    case 'photos':
      return ['filled'];
  }
}

/** A value to start from when a rule compares with `target`: its first option, or "ticked". */
function startingValue(target: TemplateField): ShowIf['value'] {
  if (target.type === 'checkbox') return true;
  if (target.type === 'select') return target.options[0]?.value;
  return undefined;
}

/** A first rule on `target`, ready to show in the editor. */
export function startingRule(target: TemplateField): ShowIf {
  const operator = operatorsFor(target)[0] ?? 'filled';
  return operator === 'filled'
    ? { fieldId: target.id, operator }
    : { fieldId: target.id, operator, value: startingValue(target) };
}

/** The rule with a new condition; a comparison keeps its value where the old one had one. */
export function withOperator(
  rule: ShowIf,
  target: TemplateField,
  operator: ShowIfOperator,
): ShowIf {
  if (operator === 'filled') return { fieldId: rule.fieldId, operator };
  return { fieldId: rule.fieldId, operator, value: rule.value ?? startingValue(target) };
}

/** Why a rule no longer works after the fields around it changed, or null while it does. */
export function ruleProblem(fields: readonly TemplateField[], index: number): string | null {
  const rule = fields[index]?.showIf;
  if (!rule) return null;
  const targetIndex = fields.findIndex((field) => field.id === rule.fieldId);
  const target = fields[targetIndex];
  if (!target) return 'The field this depended on was removed. Choose another one.';
  if (targetIndex > index)
    return `“${target.label || 'The field it depends on'}” is now below this field. Move it above, or choose another field.`;
  if (!operatorsFor(target).includes(rule.operator)) return 'Choose when the field shows.';
  if (
    target.type === 'select' &&
    rule.operator !== 'filled' &&
    !target.options.some((option) => option.value === rule.value)
  )
    return 'The chosen answer is no longer one of the options. Choose another one.';
  return null;
}

/** "Smoker is Yes" for a field's summary line. */
export function describeRule(rule: ShowIf, target: TemplateField | undefined): string {
  const name = target?.label.trim() || 'another field';
  if (rule.operator === 'filled') return `${name} has an answer`;
  return `${name} ${operatorLabels[rule.operator]} ${describeValue(rule.value, target)}`;
}

function describeValue(value: ShowIf['value'], target: TemplateField | undefined): string {
  if (typeof value === 'boolean') return value ? 'ticked' : 'not ticked';
  if (target?.type === 'select') {
    const option = target.options.find((candidate) => candidate.value === value);
    return `“${option?.label || value || ''}”`;
  }
  return value === undefined || value === '' ? '(no value yet)' : `“${value}”`;
}
