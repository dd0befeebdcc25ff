import { vitalSignKeys, type FieldType, type TemplateField } from '@bedside/shared';

/** What the editor calls each field type: plain words, never the stored type name. */
export const fieldTypeLabels: Record<FieldType, string> = {
  text: 'Short text',
  textarea: 'Long text',
  number: 'Number',
  select: 'Choice list',
  checkbox: 'Checkbox',
  date: 'Date',
  vitals: 'Vital signs',
  diagnosis: 'Diagnoses',
  prescriptions: 'Prescriptions',
  labs: 'Lab results',
  photos: 'Photos',
};

/** One line under each type in the palette, so the choice is clear before adding. */
export const fieldTypeHints: Record<FieldType, string> = {
  text: 'One line, such as a wound site',
  textarea: 'Several lines, such as a SOAP section',
  number: 'A value with limits and a unit',
  select: 'Pick one of a list',
  checkbox: 'Yes or no',
  date: 'A calendar date',
  vitals: 'Blood pressure, heart rate and more, with units',
  diagnosis: 'ICD-10 codes, primary or secondary',
  prescriptions: 'Drug, dose, route, frequency, duration',
  labs: 'Test, value, unit, range and flag',
  photos: 'Pictures taken at the bedside',
};

/** A new field of `type` with nothing filled in but what the type cannot do without. */
export function newField(type: FieldType, id: string): TemplateField {
  const common = { id, label: '', help: null, required: false, showIf: null };
  switch (type) {
    case 'text':
    case 'textarea':
      return { ...common, type, minLength: null, maxLength: null, pattern: null };
    case 'number':
      return { ...common, type, min: null, max: null, unit: null, decimals: null };
    case 'select':
      return { ...common, type, options: [{ value: 'option_1', label: '' }] };
    case 'checkbox':
      return { ...common, type };
    case 'date':
      return { ...common, type, minDate: null, maxDate: null };
    case 'vitals':
      return { ...common, type, measurements: [...vitalSignKeys] };
    case 'diagnosis':
    case 'prescriptions':
    case 'labs':
    case 'photos':
      return { ...common, type, maxItems: null };
  }
}

/**
 * A stored value for a new option: `option_<n>`, unique in its list. Records keep it, so it never
 * changes once saved; people only ever see the option's label.
 */
export function nextOptionValue(existing: readonly string[]): string {
  let number = existing.length + 1;
  while (existing.includes(`option_${number}`)) number++;
  return `option_${number}`;
}

/** The label the editor shows for a field: its own, or its position and type while it has none. */
export function fieldDisplayName(field: TemplateField, index: number): string {
  const label = field.label.trim();
  return label || `Field ${index + 1} (${fieldTypeLabels[field.type].toLowerCase()})`;
}
