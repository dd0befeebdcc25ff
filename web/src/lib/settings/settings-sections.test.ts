import { describe, expect, it } from 'vitest';
import { sectionsFor, settingsSections } from './settings-sections';

const labels = (role: Parameters<typeof sectionsFor>[0]) =>
  sectionsFor(role).map((section) => section.label);

describe('the Settings sections a role sees listed', () => {
  it('are all of them for the owner', () => {
    expect(labels('owner')).toEqual(settingsSections.map((section) => section.label));
  });

  it('are their account, the templates and the clinic for a clinician', () => {
    expect(labels('clinician')).toEqual(['My account', 'Templates', 'Clinic']);
  });

  it('are their account and the clinic for the front desk', () => {
    expect(labels('assistant')).toEqual(['My account', 'Clinic']);
  });
});
