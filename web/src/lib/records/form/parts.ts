/**
 * What the record form's pieces share: element ids, the names of list entry parts (they are
 * the labels tests and screen readers use, "Drug 1"), and the props of a field component.
 */
import type { FieldOfType, FieldType, TemplateField } from '@bedside/shared';

export type ListFieldType = 'diagnosis' | 'prescriptions' | 'labs';

/** The visible label of each part of a list entry; the entry number follows ("Drug 1"). */
export const listPartLabels = {
  diagnosis: {
    code: 'Diagnosis code',
    description: 'Diagnosis description',
    rank: 'Diagnosis rank',
  },
  prescriptions: {
    drug: 'Drug',
    dose: 'Dose',
    route: 'Route',
    frequency: 'Frequency',
    duration: 'Duration',
  },
  labs: {
    test: 'Test',
    value: 'Value',
    unit: 'Unit',
    referenceRange: 'Reference range',
    flag: 'Flag',
  },
} as const satisfies Record<ListFieldType, Record<string, string>>;

/** What one entry of each list is called: "Prescription 2", "Remove prescription 2". */
export const entryNames: Record<ListFieldType, string> = {
  diagnosis: 'Diagnosis',
  prescriptions: 'Prescription',
  labs: 'Lab result',
};

/** "Drug 1" for part `drug` of entry index 0. */
export function partLabel(type: ListFieldType, part: string, index: number): string {
  const labels: Readonly<Record<string, string>> = listPartLabels[type];
  return `${labels[part] ?? part} ${index + 1}`;
}

/** Issue messages for one field: its own, and those of the parts it has an input for. */
export type FieldIssues = { messages: string[]; parts: ReadonlyMap<string, string> };

export const noIssues: FieldIssues = { messages: [], parts: new Map() };

/** An element id under a field's id: `prefix-bp-bpSystolic`, `prefix-rx-0-drug`. */
export function partId(fieldInputId: string, ...path: (string | number)[]): string {
  return [fieldInputId, ...path].join('-');
}

export const helpId = (id: string) => `${id}-help`;
export const errorId = (id: string) => `${id}-error`;

/** The `aria-describedby` value for the ids given; undefined when there are none. */
export function describedBy(...ids: (string | false | null | undefined)[]): string | undefined {
  return ids.filter(Boolean).join(' ') || undefined;
}

/** The attributes that tie a control to its label, help and messages. */
export type ControlAttributes = {
  id: string;
  'aria-describedby': string | undefined;
  'aria-invalid': 'true' | undefined;
  'aria-required': 'true' | undefined;
};

/** Props every field component takes. `onchange` gets the field's whole new value, null when emptied. */
export type FieldProps<T extends FieldType> = {
  field: FieldOfType<T>;
  value: unknown;
  /** The id of the field's main element (its input, or its fieldset for groups). */
  id: string;
  issues: FieldIssues;
  onchange: (value: unknown) => void;
};

/**
 * What a field's shell (FieldShell, GroupShell, EntryList) shows from the template field: its
 * label, required mark, help and problems. `<FieldShell {id} {...shellProps(field, issues)}>`
 */
export function shellProps(
  field: Pick<TemplateField, 'label' | 'required' | 'help'>,
  issues: FieldIssues,
): { label: string; required: boolean; help: string | null | undefined; messages: string[] } {
  return {
    label: field.label,
    required: field.required,
    help: field.help,
    messages: issues.messages,
  };
}

/**
 * Each field with a key for a keyed each block: its id, made unique with a suffix when a
 * template being edited (the live preview) briefly has two fields with one id.
 */
export function withRenderKeys(
  fields: readonly TemplateField[],
): { field: TemplateField; key: string }[] {
  const seen = new Map<string, number>();
  return fields.map((field) => {
    const times = seen.get(field.id) ?? 0;
    seen.set(field.id, times + 1);
    return { field, key: times === 0 ? field.id : `${field.id}#${times}` };
  });
}
