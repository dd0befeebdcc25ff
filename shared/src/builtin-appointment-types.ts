import type { BuiltInTemplateKey } from './templates.ts';

export type BuiltInAppointmentType = {
  name: string;
  durationMinutes: number;
  /** Dark enough for white text at 4.5:1 or more (WCAG AA). */
  colour: string;
  /** The built-in template its notes start from. */
  template: BuiltInTemplateKey;
};

/**
 * The appointment types every new clinic starts with, beside the built-in templates. Migration
 * 0008 gives clinics that existed before the same list: keep the two in step.
 */
export const builtInAppointmentTypes: readonly BuiltInAppointmentType[] = [
  { name: 'Initial assessment', durationMinutes: 60, colour: '#1d4ed8', template: 'soap' },
  { name: 'Follow-up', durationMinutes: 30, colour: '#047857', template: 'soap' },
  { name: 'Wound review', durationMinutes: 30, colour: '#b91c1c', template: 'wound' },
  { name: 'Telehealth', durationMinutes: 20, colour: '#6d28d9', template: 'soap' },
];
