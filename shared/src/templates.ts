import * as v from 'valibot';
import { optionalText, requiredText, Uuid, type SyncedRowMeta } from './common.ts';
import { TemplateFields, type TemplateField } from './template-fields.ts';

export const builtInTemplateKeys = ['soap', 'vitals', 'wound'] as const;
export type BuiltInTemplateKey = (typeof builtInTemplateKeys)[number];

/**
 * A clinic's record template. Its content lives in immutable versions; the template row holds
 * the current one and where the template sits in the clinic's list.
 */
export type Template = SyncedRowMeta & {
  name: string;
  description: string | null;
  /** Position in the clinic's list; reordering picks a number between the neighbours. */
  sortOrder: number;
  currentVersionId: string;
  currentVersionNumber: number;
  /** Which built-in template this row was seeded from, if any. */
  builtIn: BuiltInTemplateKey | null;
};

/** One saved state of a template. Never changes once written: records point at it. */
export type TemplateVersion = SyncedRowMeta & {
  templateId: string;
  /** 1, 2, 3… per template, given by the server in arrival order. */
  number: number;
  name: string;
  description: string | null;
  fields: TemplateField[];
};

const sortOrder = v.pipe(v.number('Position must be a number.'), v.finite());

/** What the editor saves: a new version's content, with an id the device makes. */
export const TemplateVersionInput = v.strictObject({
  id: Uuid,
  name: requiredText('Template name', 120),
  description: optionalText('Description', 1000),
  fields: TemplateFields,
});
export type TemplateVersionInput = v.InferOutput<typeof TemplateVersionInput>;

export const TemplateCreateArgs = v.strictObject({
  id: Uuid,
  sortOrder,
  version: TemplateVersionInput,
});
export type TemplateCreateArgs = v.InferOutput<typeof TemplateCreateArgs>;

/** Saving an edited template: a new version becomes the current one. */
export const TemplatePublishArgs = v.strictObject({
  id: Uuid,
  baseVersion: v.pipe(v.number(), v.integer(), v.minValue(1)),
  version: TemplateVersionInput,
});
export type TemplatePublishArgs = v.InferOutput<typeof TemplatePublishArgs>;

/** Fields of the template row a device may change directly (content changes go through publish). */
export const TemplateUpdateArgs = v.strictObject({
  id: Uuid,
  baseVersion: v.pipe(v.number(), v.integer(), v.minValue(1)),
  fields: v.pipe(
    v.looseObject({}, 'Fields must be an object.'),
    v.check(
      (fields) => Object.keys(fields).length > 0,
      'An update must change at least one field.',
    ),
    v.strictObject({ sortOrder }, 'Only the position of a template can change directly.'),
  ),
});
export type TemplateUpdateArgs = v.InferOutput<typeof TemplateUpdateArgs>;

export const TemplateIdArgs = v.strictObject({ id: Uuid });
export type TemplateIdArgs = v.InferOutput<typeof TemplateIdArgs>;
