import { describe, expect, it } from 'vitest';
import type { TemplateField } from '@bedside/shared';
import { recordPreview } from './record-preview';

const field = (id: string, type: string, label: string) =>
  ({ id, type, label, required: false }) as unknown as TemplateField;
const soap = [
  field('s', 'textarea', 'Subjective'),
  field('a', 'textarea', 'Assessment'),
  field('dx', 'diagnosis', 'Diagnoses'),
];

describe('recordPreview', () => {
  it('shows the assessment and the diagnoses of a SOAP note', () => {
    expect(
      recordPreview(soap, {
        s: 'Knee pain for two weeks',
        a: '\nImproving, swelling down.\nContinue exercises.',
        dx: [
          { code: 'M17.11', description: 'Primary osteoarthritis, right knee', rank: 'primary' },
        ],
      }),
    ).toEqual({
      text: 'Improving, swelling down.',
      diagnoses: ['M17.11 Primary osteoarthritis, right knee'],
    });
  });

  it('falls back to the first text answered, and cuts a long line at a word', () => {
    const long = `${'word '.repeat(40)}end`;
    const preview = recordPreview(soap, { s: long });
    expect(preview.text?.endsWith('…')).toBe(true);
    expect(preview.text!.length).toBeLessThanOrEqual(141);
    expect(preview.diagnoses).toEqual([]);
  });

  it('has nothing to show for an empty record', () => {
    expect(recordPreview(soap, {})).toEqual({ text: null, diagnoses: [] });
  });
});
