import { describe, expect, it } from 'vitest';
import type { TemplateField } from '@bedside/shared';
import { newField } from './field-types';
import { editorIssues, issueLinks, settingInputId } from './editor-issues';

const fields: TemplateField[] = [
  { ...newField('text', 'complaint'), label: 'Complaint' },
  { ...newField('select', 'site'), label: '' },
];

describe('editorIssues', () => {
  it('puts each message on its field by id, so a later reorder keeps it in place', () => {
    const sorted = editorIssues(
      [
        { field: 'name', message: 'Template name is required.' },
        { field: 'fields.1.label', message: 'Label is required.' },
        { field: 'fields.1.options.0.label', message: 'Option label is required.' },
        {
          field: 'fields.0.maxLength',
          message: 'Minimum length must not be above maximum length.',
        },
        { field: 'fields.0.showIf', message: 'A field can only depend on a field above it.' },
      ],
      fields,
    );
    expect(sorted.name).toBe('Template name is required.');
    expect(sorted.fields).toEqual({
      complaint: {
        maxLength: 'Minimum length must not be above maximum length.',
        showIf: 'A field can only depend on a field above it.',
      },
      site: { label: 'Label is required.', 'options.0.label': 'Option label is required.' },
    });
    expect(sorted.other).toEqual([]);
  });

  it('keeps messages about no field for the summary, with the fallback when there are none', () => {
    expect(
      editorIssues(
        [{ field: 'fields', message: 'A template can have at most 200 fields.' }],
        fields,
      ).other,
    ).toEqual(['A template can have at most 200 fields.']);
    expect(editorIssues([], fields, 'Could not save.').other).toEqual(['Could not save.']);
  });
});

describe('issueLinks', () => {
  it('links each message to its input, named after the field and the setting', () => {
    const sorted = editorIssues(
      [
        { field: 'fields.1.options.0.value', message: 'Option value is required.' },
        { field: 'fields.0.label', message: 'Label is required.' },
        { field: 'fields.0', message: 'Unknown field type.' },
      ],
      fields,
    );
    // A message about the field as a whole points at its label, once.
    expect(issueLinks(sorted, fields)).toEqual([
      { id: settingInputId('complaint', 'label'), label: 'Complaint: Label' },
      { id: settingInputId('site', 'options.0.label'), label: 'Field 2 (choice list): Option 1' },
    ]);
  });
});
