import { roles } from '@bedside/shared';
import { describe, expect, it } from 'vitest';
import { roleDescriptions } from './role-descriptions';

describe('roleDescriptions', () => {
  it('describes every role differently', () => {
    const summaries = roles.map((role) => roleDescriptions[role].summary);
    expect(new Set(summaries).size).toBe(roles.length);
  });

  it('says that an assistant cannot see clinical notes and that a clinician writes them', () => {
    expect(roleDescriptions.assistant.summary).toMatch(/cannot read or write clinical notes/i);
    expect(roleDescriptions.clinician.summary).toMatch(/clinical notes/i);
    expect(roleDescriptions.owner.summary).toMatch(/users/);
  });
});
