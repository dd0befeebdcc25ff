import { describe, expect, it } from 'vitest';
import type { TemplateField } from '@bedside/shared';
import { newFieldId as fieldId } from '$lib/templates/field-id';
import { createTemplateDraft } from './template-draft.svelte';

const smoker: TemplateField = {
  id: 'smoker',
  type: 'checkbox',
  label: 'Smoker',
  required: false,
};
const packs: TemplateField = {
  id: 'packs',
  type: 'number',
  label: 'Packs a day',
  required: false,
  showIf: { fieldId: 'smoker', operator: 'equals', value: true },
};

describe('createTemplateDraft', () => {
  it('is clean until something changes, and clean again when the change is undone', () => {
    const draft = createTemplateDraft(
      { name: 'Intake', description: null, fields: [smoker] },
      fieldId,
    );
    expect(draft.dirty).toBe(false);
    draft.description = 'First visit';
    expect(draft.dirty).toBe(true);
    draft.description = '';
    expect(draft.dirty).toBe(false);
  });

  it('adds empty fields at the end with fresh hidden ids', () => {
    const draft = createTemplateDraft({ name: 'Intake', description: null, fields: [] }, fieldId);
    const first = draft.addField('number');
    const second = draft.addField('number');
    expect([first, second]).toEqual(['number', 'number_2']);
    expect(draft.fields.map((field) => [field.type, field.label])).toEqual([
      ['number', ''],
      ['number', ''],
    ]);
    expect(draft.dirty).toBe(true);
  });

  it('changes, moves and saves fields without touching what it opened with', () => {
    const initial = { name: 'Intake', description: null, fields: [smoker, packs] };
    const draft = createTemplateDraft(initial, fieldId);
    draft.updateField(draft.fields[1]!, { unit: 'packs', min: 0 });
    draft.moveField('packs', 0);
    expect(draft.content().fields.map((field) => field.id)).toEqual(['packs', 'smoker']);
    expect(draft.content().fields[0]).toMatchObject({ unit: 'packs', min: 0 });
    expect(initial.fields).toEqual([smoker, packs]);
  });

  it('drops the show-if rules that pointed at a removed field', () => {
    const draft = createTemplateDraft(
      { name: 'Intake', description: null, fields: [smoker, packs] },
      fieldId,
    );
    expect(draft.removeField('smoker')).toBe(1);
    expect(draft.content().fields).toEqual([{ ...packs, showIf: null }]);
  });
});
