import type { TemplateField } from '@bedside/shared';
import { describe, expect, it } from 'vitest';
import { answersAsText, mergeNoteAnswers } from './note-merge';

const soap: TemplateField[] = [
  { id: 'subjective', label: 'Subjective', type: 'textarea', required: false },
  { id: 'pain', label: 'Pain score', type: 'number', required: false, min: 0, max: 10 },
  { id: 'plan', label: 'Plan', type: 'textarea', required: false },
];

describe('mergeNoteAnswers', () => {
  it('fills empty fields and keeps both texts where the note has text', () => {
    const merged = mergeNoteAnswers(soap, { subjective: 'Knee pain.' }, soap, {
      subjective: 'Worse on stairs.',
      plan: 'Ice daily.',
    });
    expect(merged).toEqual({
      patch: { subjective: 'Knee pain.\n\nWorse on stairs.', plan: 'Ice daily.' },
      leftover: [],
    });
  });

  it('changes nothing the note already says', () => {
    expect(mergeNoteAnswers(soap, { plan: 'Rest' }, soap, { plan: 'Rest' }).patch).toEqual({});
  });

  it('writes a differing number and a field the note lacks at the end of its last text field', () => {
    const other: TemplateField[] = [
      ...soap,
      { id: 'mood', label: 'Mood', type: 'text', required: false },
    ];
    const merged = mergeNoteAnswers(soap, { pain: 3, plan: 'Rest' }, other, {
      pain: 5,
      mood: 'Low',
    });
    expect(merged).toEqual({
      patch: { plan: 'Rest\n\nPain score: 5\nMood: Low' },
      leftover: [],
    });
  });

  it('hands back what found no place when the note has no long text field', () => {
    const short: TemplateField[] = [soap[1]!];
    expect(mergeNoteAnswers(short, { pain: 3 }, soap, { pain: 5 })).toEqual({
      patch: {},
      leftover: ['Pain score: 5'],
    });
  });
});

describe('answersAsText', () => {
  it('lists the filled answers in template order', () => {
    expect(answersAsText(soap, { plan: 'Ice', subjective: 'Sore', pain: null })).toBe(
      'Subjective: Sore\nPlan: Ice',
    );
  });
});
