import * as v from 'valibot';
import { IsoDate, optionalText, requiredText } from './common.ts';
import { isSafePattern, isValidPattern } from './text-pattern.ts';
import { vitalSignKeys } from './vital-signs.ts';

export const fieldTypes = [
  'text',
  'textarea',
  'number',
  'select',
  'checkbox',
  'date',
  'vitals',
  'diagnosis',
  'prescriptions',
  'labs',
  'photos',
] as const;
export type FieldType = (typeof fieldTypes)[number];

export const MAX_TEMPLATE_FIELDS = 200;
export const MAX_PATTERN_LENGTH = 200;

/** A field's key in a record's `data`: stable across template versions, never shown. */
export const FieldId = v.pipe(
  v.string('Field id must be text.'),
  v.regex(/^[a-z][a-z0-9_]{0,39}$/, 'Field id must be lower-case letters, digits or _.'),
  // Object keys every JavaScript object inherits or that valibot drops from a record's data.
  v.check((id) => !reservedIds.has(id), 'This field id is reserved; choose another.'),
);
const reservedIds = new Set(['constructor', 'prototype']);

export const showIfOperators = ['equals', 'not-equals', 'filled'] as const;
export type ShowIfOperator = (typeof showIfOperators)[number];

/** Show this field only when another (earlier) field has a value, or a given one. */
export const ShowIf = v.strictObject(
  {
    fieldId: FieldId,
    operator: v.picklist(showIfOperators, 'Choose when the field shows.'),
    value: v.optional(
      v.union(
        [v.string(), v.pipe(v.number(), v.finite()), v.boolean()],
        'The value that shows this field must be text, a number, or yes or no.',
      ),
    ),
  },
  'Unknown show-if setting.',
);
export type ShowIf = v.InferOutput<typeof ShowIf>;

const bound = (label: string) =>
  v.optional(
    v.nullable(
      v.pipe(v.number(`${label} must be a number.`), v.finite(`${label} must be a number.`)),
    ),
  );
const lengthBound = (label: string) =>
  v.optional(
    v.nullable(
      v.pipe(
        v.number(`${label} must be a number.`),
        v.integer(`${label} must be a whole number.`),
        v.minValue(0, `${label} cannot be negative.`),
      ),
    ),
  );

const common = {
  id: FieldId,
  label: requiredText('Label', 120),
  help: optionalText('Help text', 500),
  required: v.optional(v.boolean('Required must be yes or no.'), false),
  showIf: v.optional(v.nullable(ShowIf)),
};

const SelectOption = v.strictObject(
  {
    value: requiredText('Option value', 100),
    label: requiredText('Option label', 120),
  },
  'An option has a value and a label.',
);

const pattern = v.optional(
  v.nullable(
    v.pipe(
      v.string('Pattern must be text.'),
      v.maxLength(MAX_PATTERN_LENGTH, `Pattern must be at most ${MAX_PATTERN_LENGTH} characters.`),
      v.check(isValidPattern, 'Pattern is not a valid regular expression.'),
      v.check(
        isSafePattern,
        'This pattern could take too long to check: do not repeat a group that itself repeats ' +
          'or has alternatives (write [0-9-]+ instead of (\\d+-)+).',
      ),
      v.transform((value) => (value === '' ? null : value)),
    ),
  ),
);

/** Every field type's settings; a setting of another type is refused, not dropped. */
const fieldSettings = <const E extends v.ObjectEntries>(entries: E) =>
  v.strictObject(entries, 'This setting does not belong to this type of field.');

const textField = <T extends 'text' | 'textarea'>(type: T) =>
  fieldSettings({
    ...common,
    type: v.literal(type),
    minLength: lengthBound('Minimum length'),
    maxLength: lengthBound('Maximum length'),
    pattern,
    patternMessage: optionalText('Pattern message', 200),
  });

const NumberField = fieldSettings({
  ...common,
  type: v.literal('number'),
  min: bound('Minimum'),
  max: bound('Maximum'),
  unit: optionalText('Unit', 20),
  decimals: v.optional(
    v.nullable(
      v.pipe(
        v.number('Decimals must be a number.'),
        v.integer('Decimals must be a whole number.'),
        v.minValue(0, 'Decimals cannot be negative.'),
        v.maxValue(6, 'At most 6 decimals.'),
      ),
    ),
  ),
});

const SelectField = fieldSettings({
  ...common,
  type: v.literal('select'),
  options: v.pipe(
    v.array(SelectOption, 'Options must be a list.'),
    v.minLength(1, 'A select needs at least one option.'),
    v.maxLength(100, 'A select can have at most 100 options.'),
    v.check(
      (options) => new Set(options.map((o) => o.value)).size === options.length,
      'Each option needs a different value.',
    ),
  ),
});

const CheckboxField = fieldSettings({ ...common, type: v.literal('checkbox') });

const DateField = fieldSettings({
  ...common,
  type: v.literal('date'),
  minDate: v.optional(v.nullable(IsoDate)),
  maxDate: v.optional(v.nullable(IsoDate)),
});

const VitalsField = fieldSettings({
  ...common,
  type: v.literal('vitals'),
  measurements: v.pipe(
    v.array(v.picklist(vitalSignKeys, 'Unknown vital sign.'), 'Measurements must be a list.'),
    v.minLength(1, 'Choose at least one measurement.'),
    v.check((list) => new Set(list).size === list.length, 'Each measurement only once.'),
  ),
});

/** Lists of entries (diagnoses, prescriptions, lab results, photos); `maxItems` caps them. */
const listField = <T extends 'diagnosis' | 'prescriptions' | 'labs' | 'photos'>(type: T) =>
  fieldSettings({
    ...common,
    type: v.literal(type),
    maxItems: v.optional(
      v.nullable(
        v.pipe(
          v.number('Maximum entries must be a number.'),
          v.integer('Maximum entries must be a whole number.'),
          v.minValue(1, 'Allow at least one entry.'),
        ),
      ),
    ),
  });

/** Settings whose lower bound must not pass the upper one; the issue lands on the upper one. */
const orderedBounds = [
  ['min', 'max', 'Minimum must not be above maximum.'],
  ['minLength', 'maxLength', 'Minimum length must not be above maximum length.'],
  ['minDate', 'maxDate', 'Earliest date must not be after latest date.'],
] as const;

export const TemplateField = v.pipe(
  v.variant(
    'type',
    [
      textField('text'),
      textField('textarea'),
      NumberField,
      SelectField,
      CheckboxField,
      DateField,
      VitalsField,
      listField('diagnosis'),
      listField('prescriptions'),
      listField('labs'),
      listField('photos'),
    ],
    'Unknown field type.',
  ),
  v.rawCheck(({ dataset, addIssue }) => {
    if (!dataset.typed) return;
    const settings: Record<string, unknown> = dataset.value;
    for (const [lower, upper, message] of orderedBounds) {
      if (isAbove(settings[lower], settings[upper]))
        addIssue({ message, path: [objectPathItem(settings, upper)] });
    }
  }),
);
export type TemplateField = v.InferOutput<typeof TemplateField>;
export type FieldOfType<T extends FieldType> = Extract<TemplateField, { type: T }>;

/** A template's ordered fields, with the rules that span fields. */
export const TemplateFields = v.pipe(
  v.array(TemplateField, 'Fields must be a list.'),
  v.maxLength(MAX_TEMPLATE_FIELDS, `A template can have at most ${MAX_TEMPLATE_FIELDS} fields.`),
  v.rawCheck(({ dataset, addIssue }) => {
    if (!dataset.typed) return;
    const fields = dataset.value;
    const allIds = new Set(fields.map((field) => field.id));
    const above = new Map<string, TemplateField>();
    fields.forEach((field, index) => {
      if (above.has(field.id))
        addIssue({ message: 'Two fields have the same id.', path: issuePath(fields, index, 'id') });
      if (field.showIf) {
        const message = showIfProblem(field.showIf, above, allIds);
        if (message) addIssue({ message, path: issuePath(fields, index, 'showIf') });
      }
      if (!above.has(field.id)) above.set(field.id, field);
    });
  }),
);

/** Why a show-if rule could never work as written, if it could not. */
function showIfProblem(
  rule: ShowIf,
  above: ReadonlyMap<string, TemplateField>,
  allIds: ReadonlySet<string>,
): string | undefined {
  const target = above.get(rule.fieldId);
  if (!target)
    return allIds.has(rule.fieldId)
      ? 'A field can only depend on a field above it.'
      : 'This field depends on a field that is not in the template.';
  if (rule.operator === 'filled') return undefined;
  if (rule.value === undefined) return 'Choose the value that shows this field.';
  switch (target.type) {
    case 'checkbox':
      return typeof rule.value === 'boolean' ? undefined : 'Choose yes or no.';
    case 'select':
      return target.options.some((option) => option.value === rule.value)
        ? undefined
        : 'Choose one of the options of the field this depends on.';
    case 'number':
      return typeof rule.value === 'number' ? undefined : 'Enter the number that shows this field.';
    case 'text':
    case 'textarea':
    case 'date':
      return typeof rule.value === 'string' ? undefined : 'Enter the text that shows this field.';
    default:
      return 'This field can only depend on whether that field is filled in.';
  }
}

function isAbove(lower: unknown, upper: unknown): boolean {
  if (typeof lower === 'number' && typeof upper === 'number') return lower > upper;
  if (typeof lower === 'string' && typeof upper === 'string') return lower > upper;
  return false;
}

/** A path valibot prints as `<index>.<key>`, so the issue lands on the right field editor. */
function issuePath(
  fields: TemplateField[],
  index: number,
  key: string,
): [v.ArrayPathItem, v.ObjectPathItem] {
  const field: Record<string, unknown> = fields[index] ?? {};
  return [
    { type: 'array', origin: 'value', input: fields, key: index, value: field },
    objectPathItem(field, key),
  ];
}

function objectPathItem(input: Record<string, unknown>, key: string): v.ObjectPathItem {
  return { type: 'object', origin: 'value', input, key, value: input[key] };
}
