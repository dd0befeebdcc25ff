import type { TemplateField } from '@bedside/shared';

/** How editor parts change one field: the field as they see it and the settings to replace. */
export type FieldChange = <F extends TemplateField>(field: F, patch: Partial<F>) => void;
