import { can, type Role } from '@bedside/shared';
import type { Pathname } from '$app/types';

/**
 * One screen of the Settings area: where it is, its name, what it is for, who sees it listed
 * (by the capability its screen needs, shared/src/permissions.ts).
 */
export type SettingsSection = {
  // Narrowed from every Pathname: `resolve()` of a union of more than 25 paths does not type-check.
  href: Extract<Pathname, `/settings/${string}`>;
  label: string;
  description: string;
  shownTo: (role: Role) => boolean;
};

/**
 * The Settings area's screens, in the order /settings lists them.
 */
export const settingsSections: readonly SettingsSection[] = [
  {
    href: '/settings/account',
    label: 'My account',
    description: 'Your name, email and role, and changing your password.',
    shownTo: () => true,
  },
  {
    href: '/settings/templates',
    label: 'Templates',
    description: 'The forms your clinicians write notes, vitals and assessments with.',
    shownTo: (role) => can(role, 'templates.write'),
  },
  {
    href: '/settings/users',
    label: 'Users',
    description: 'Who can sign in to this clinic, and what each of them may do.',
    shownTo: (role) => can(role, 'users.manage'),
  },
  {
    href: '/settings/appointment-types',
    label: 'Appointment types',
    description: 'The kinds of visit the calendar books, and how long each takes.',
    shownTo: (role) => can(role, 'appointmentTypes.write'),
  },
  {
    href: '/settings/reminders',
    label: 'Reminders',
    description: 'Emails that remind patients of their appointments, and what they say.',
    shownTo: (role) => can(role, 'clinic.manage'),
  },
  {
    href: '/settings/messages',
    label: 'Messages',
    description: 'Every reminder and confirmation sent, skipped or failed; resend a failed one.',
    shownTo: (role) => can(role, 'clinic.manage'),
  },
  {
    href: '/settings/clinic',
    label: 'Clinic',
    description: 'The clinic’s name, time zone, working hours and how long deleted items are kept.',
    shownTo: () => true,
  },
  {
    href: '/settings/deleted',
    label: 'Recently deleted',
    description: 'Deleted patients, notes, photos and appointments, to restore.',
    shownTo: (role) => can(role, 'deleted.purge'),
  },
  {
    href: '/settings/audit',
    label: 'Audit log',
    description: 'Who opened or changed which patient’s chart, and when; download it as CSV.',
    shownTo: (role) => can(role, 'audit.read'),
  },
  {
    href: '/settings/jobs',
    label: 'Jobs',
    description:
      'The server’s nightly cleanup and reminders: when they last ran and what they did.',
    shownTo: (role) => can(role, 'clinic.manage'),
  },
];

/** The sections `role` sees listed. */
export function sectionsFor(role: Role): SettingsSection[] {
  return settingsSections.filter((section) => section.shownTo(role));
}
