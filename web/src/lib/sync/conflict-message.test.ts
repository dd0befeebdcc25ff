import { describe, expect, it } from 'vitest';
import { conflictMessage } from './conflict-message';

const names: Record<string, string> = { me: 'Ann Lee', bob: 'Bob Stone', cy: 'Cy Park' };
const nameOf = (id: string) => names[id] ?? 'another user';

describe('conflictMessage', () => {
  it('tells me my value was replaced, by whom, and that it is kept', () => {
    const text = conflictMessage(
      {
        field: 'phone',
        keptValue: '555 0101',
        keptBy: 'me',
        winningValue: '555 0199',
        winningBy: 'bob',
      },
      'me',
      nameOf,
    );
    expect(text).toBe(
      'Phone: your value “555 0101” was replaced by “555 0199” from Bob Stone. The earlier value is kept in history.',
    );
  });

  it('tells me when my value replaced someone else’s', () => {
    const text = conflictMessage(
      {
        field: 'fields.email',
        keptValue: null,
        keptBy: 'bob',
        winningValue: 'a@b.co',
        winningBy: 'me',
      },
      'me',
      nameOf,
    );
    expect(text).toBe(
      'Email: “(empty)” from Bob Stone was replaced by your value “a@b.co”. The earlier value is kept in history.',
    );
  });

  it('names both people when I was neither', () => {
    const text = conflictMessage(
      {
        field: 'sex',
        keptValue: 'female',
        keptBy: 'bob',
        winningValue: 'unknown',
        winningBy: 'cy',
      },
      'me',
      nameOf,
    );
    expect(text).toContain('Sex: “Female” from Bob Stone was replaced by “Unknown” from Cy Park.');
  });
});
