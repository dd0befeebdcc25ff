import type { Role } from '@bedside/shared';

/**
 * What each role may do, in the words of the users page, after the roles the server enforces
 * (DESIGN.md, Security). `roleDescriptions.assistant.summary` → "Front desk: …".
 */
export const roleDescriptions: Record<Role, { label: string; summary: string }> = {
  owner: {
    label: 'Owner',
    summary:
      'Everything a clinician can do, plus clinic settings, users, templates, the audit log and exports.',
  },
  clinician: {
    label: 'Clinician',
    summary: 'Patients, clinical notes, diagnoses, photos, plans of care and appointments.',
  },
  assistant: {
    label: 'Assistant',
    summary:
      'Front desk: patient details, appointments and photo uploads. Cannot read or write clinical notes or plans.',
  },
};
