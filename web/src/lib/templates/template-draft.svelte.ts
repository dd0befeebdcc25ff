import type { FieldType, TemplateField } from '@bedside/shared';
import type { TemplateContent } from '$lib/templates/template-actions';
import { fieldTypeLabels, newField } from '$lib/templates/editor/field-types';
import { moveItem } from '$lib/templates/editor/reorder';

export type TemplateDraft = ReturnType<typeof createTemplateDraft>;

/**
 * The template being edited: a copy taken when the editor opens, so syncs arriving meanwhile
 * never overwrite what is being typed. `newFieldId` makes the hidden id of each added field.
 */
export function createTemplateDraft(
  initial: TemplateContent,
  newFieldId: (existing: readonly string[], label?: string) => string,
) {
  const start = JSON.stringify(normalised(initial));
  let name = $state(initial.name);
  let description = $state(initial.description ?? '');
  let fields = $state<TemplateField[]>(structuredClone(initial.fields));

  function content(): TemplateContent {
    return { name, description: description || null, fields: $state.snapshot(fields) };
  }

  function indexOf(id: string): number {
    return fields.findIndex((field) => field.id === id);
  }

  return {
    get name() {
      return name;
    },
    set name(value: string) {
      name = value;
    },
    get description() {
      return description;
    },
    set description(value: string) {
      description = value;
    },
    get fields(): readonly TemplateField[] {
      return fields;
    },
    /** True once anything differs from what the editor opened with. */
    get dirty(): boolean {
      return JSON.stringify(normalised(content())) !== start;
    },
    content,

    /** Adds an empty field of `type` at the end; answers its id. */
    addField(type: FieldType): string {
      const id = newFieldId(
        fields.map((field) => field.id),
        fieldTypeLabels[type],
      );
      fields.push(newField(type, id));
      return id;
    },

    /**
     * Removes a field. Fields that showed only when it had some value would never show again,
     * so their rule goes too; answers how many lost one.
     */
    removeField(id: string): number {
      fields = fields.filter((field) => field.id !== id);
      let cleared = 0;
      fields = fields.map((field) => {
        if (field.showIf?.fieldId !== id) return field;
        cleared++;
        return { ...field, showIf: null };
      });
      return cleared;
    },

    moveField(id: string, toIndex: number): void {
      fields = moveItem(fields, indexOf(id), toIndex);
    },

    updateField<F extends TemplateField>(field: F, patch: Partial<F>): void {
      const index = indexOf(field.id);
      const current = fields[index];
      if (current) fields[index] = { ...current, ...patch };
    },
  };
}

/** The same content compares equal however empty text was written ('' or null). */
function normalised(content: TemplateContent): TemplateContent {
  return { ...content, description: content.description || null };
}
