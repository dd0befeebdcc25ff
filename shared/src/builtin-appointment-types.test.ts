import { describe, expect, it } from 'vitest';
import { AppointmentTypeCreateArgs } from './appointments.ts';
import { builtInAppointmentTypes } from './builtin-appointment-types.ts';
import { builtInTemplates } from './builtin-templates.ts';
import { validate } from './validation.ts';

/** WCAG relative luminance of `#rrggbb`. */
function luminance(colour: string): number {
  const channels = [1, 3, 5].map((at) => parseInt(colour.slice(at, at + 2), 16) / 255);
  const [r, g, b] = channels.map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}

describe('built-in appointment types', () => {
  it('are the four of the issue, each valid as a create and pointing at a built-in template', () => {
    expect(
      builtInAppointmentTypes.map(({ name, durationMinutes, template }) => [
        name,
        durationMinutes,
        template,
      ]),
    ).toEqual([
      ['Initial assessment', 60, 'soap'],
      ['Follow-up', 30, 'soap'],
      ['Wound review', 30, 'wound'],
      ['Telehealth', 20, 'soap'],
    ]);
    const keys = builtInTemplates.map((template) => template.key);
    for (const type of builtInAppointmentTypes) {
      expect(keys).toContain(type.template);
      const { name, durationMinutes, colour } = type;
      const args = { id: '0190b6d8-0000-7000-8000-000000000001', name, durationMinutes, colour };
      expect(validate(AppointmentTypeCreateArgs, args).ok).toBe(true);
    }
  });

  it('have distinct colours that keep 4.5:1 contrast with white text', () => {
    const colours = builtInAppointmentTypes.map((type) => type.colour);
    expect(new Set(colours).size).toBe(colours.length);
    for (const colour of colours) {
      const contrast = 1.05 / (luminance(colour) + 0.05);
      expect(contrast, colour).toBeGreaterThanOrEqual(4.5);
    }
  });
});
