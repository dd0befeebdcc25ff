import { describe, expect, it } from 'vitest';
import { builtInTemplates } from './builtin-templates.ts';
import { MAX_TEMPLATE_FIELDS } from './template-fields.ts';
import {
  TemplateCreateArgs,
  TemplateIdArgs,
  TemplatePublishArgs,
  TemplateUpdateArgs,
} from './templates.ts';
import { validate } from './validation.ts';

const id = '0190b6d8-0000-7000-8000-000000000001';
const versionId = '0190b6d8-0000-7000-8000-000000000002';
const soap = builtInTemplates[0]!;
const version = {
  id: versionId,
  name: soap.name,
  description: soap.description,
  fields: soap.fields,
};

describe('template.create args', () => {
  it('accepts a template with its first version', () => {
    expect(validate(TemplateCreateArgs, { id, sortOrder: 1.5, version })).toEqual({
      ok: true,
      value: { id, sortOrder: 1.5, version },
    });
  });

  it('names the field editor an issue belongs to', () => {
    const fields = [...soap.fields];
    fields[2] = { ...fields[2]!, label: '' };
    expect(
      validate(TemplateCreateArgs, {
        id,
        sortOrder: 1,
        version: { ...version, name: ' ', fields },
      }),
    ).toEqual({
      ok: false,
      issues: [
        { field: 'version.name', message: 'Template name is required.' },
        { field: 'version.fields.2.label', message: 'Label is required.' },
      ],
    });
  });

  it('refuses unknown args and a position that is not a number', () => {
    expect(validate(TemplateCreateArgs, { id, sortOrder: 1, version, builtIn: 'soap' }).ok).toBe(
      false,
    );
    expect(validate(TemplateCreateArgs, { id, sortOrder: Infinity, version }).ok).toBe(false);
    expect(
      validate(TemplateCreateArgs, { id, sortOrder: 1, version: { ...version, number: 2 } }).ok,
    ).toBe(false);
  });

  it(`refuses more than ${MAX_TEMPLATE_FIELDS} fields`, () => {
    const fields = Array.from({ length: MAX_TEMPLATE_FIELDS + 1 }, (_, i) => ({
      id: `f${i}`,
      type: 'text',
      label: `Field ${i}`,
    }));
    expect(
      validate(TemplateCreateArgs, { id, sortOrder: 1, version: { ...version, fields } }),
    ).toEqual({
      ok: false,
      issues: [{ field: 'version.fields', message: 'A template can have at most 200 fields.' }],
    });
  });
});

describe('template.publish args', () => {
  it('needs the version the edit started from', () => {
    expect(validate(TemplatePublishArgs, { id, baseVersion: 2, version }).ok).toBe(true);
    expect(validate(TemplatePublishArgs, { id, version }).ok).toBe(false);
    expect(validate(TemplatePublishArgs, { id, baseVersion: 0, version }).ok).toBe(false);
  });
});

describe('template.update args', () => {
  it('changes the position only', () => {
    expect(validate(TemplateUpdateArgs, { id, baseVersion: 1, fields: { sortOrder: 3 } })).toEqual({
      ok: true,
      value: { id, baseVersion: 1, fields: { sortOrder: 3 } },
    });
    expect(
      validate(TemplateUpdateArgs, { id, baseVersion: 1, fields: { sortOrder: 3, name: 'New' } }),
    ).toEqual({
      ok: false,
      issues: [
        { field: 'fields.name', message: 'Only the position of a template can change directly.' },
      ],
    });
  });

  it('refuses an update that changes nothing', () => {
    expect(validate(TemplateUpdateArgs, { id, baseVersion: 1, fields: {} })).toEqual({
      ok: false,
      issues: [{ field: 'fields', message: 'An update must change at least one field.' }],
    });
  });
});

describe('template id args', () => {
  it('take an id and nothing else', () => {
    expect(validate(TemplateIdArgs, { id }).ok).toBe(true);
    expect(validate(TemplateIdArgs, { id, hard: true }).ok).toBe(false);
  });
});
