import type { Role } from './accounts.ts';
import { makeProblem, type Problem } from './problems.ts';

const everyone = ['owner', 'clinician', 'assistant'] as const satisfies readonly Role[];
const clinicians = ['owner', 'clinician'] as const satisfies readonly Role[];
const ownerOnly = ['owner'] as const satisfies readonly Role[];

/**
 * What each role may do: the one matrix the server enforces on every route and mutation and the
 * web app mirrors. `does` finishes the sentence "… may …" (`forbiddenProblem` words refusals
 * with it). The README's role table is this object in words.
 */
export const capabilities = {
  'patients.read': { roles: everyone, does: 'see patients and their details' },
  'patients.write': { roles: everyone, does: 'add patients and change their details' },
  'patients.delete': { roles: clinicians, does: 'delete or restore a patient' },
  'appointments.read': { roles: everyone, does: 'see the calendar' },
  'appointments.write': {
    roles: everyone,
    does: 'book, change, cancel, delete or restore appointments',
  },
  'appointmentTypes.write': { roles: ownerOnly, does: 'change the appointment types' },
  'photos.read': { roles: everyone, does: 'see patients’ photos and attachments' },
  'photos.add': { roles: everyone, does: 'take, upload or describe photos and attachments' },
  'photos.delete': { roles: clinicians, does: 'delete or restore photos' },
  'clinical.read': { roles: clinicians, does: 'read clinical notes' },
  'clinical.write': { roles: clinicians, does: 'write, sign or archive clinical notes' },
  'templates.read': { roles: everyone, does: 'see the note templates' },
  'templates.write': { roles: clinicians, does: 'change the note templates' },
  'clinic.manage': {
    roles: ownerOnly,
    does: 'change the clinic settings, reminders and messages, or see the job runs',
  },
  'users.manage': { roles: ownerOnly, does: 'add or change users' },
  'audit.read': { roles: ownerOnly, does: 'read the audit log' },
  'deleted.purge': { roles: ownerOnly, does: 'delete for good' },
  export: { roles: ownerOnly, does: 'export the clinic’s data' },
} as const satisfies Record<string, { roles: readonly Role[]; does: string }>;

export type Capability = keyof typeof capabilities;
export const capabilityNames = Object.keys(capabilities) as Capability[];

/**
 * Whether `role` may do what `capability` names; no role (signed out) may do nothing.
 *
 * @example
 * can('assistant', 'clinical.read'); // false
 */
export function can(role: Role | undefined, capability: Capability): boolean {
  if (role === undefined) return false;
  return (capabilities[capability].roles as readonly Role[]).includes(role);
}

/** "the clinic owner", "clinicians and the owner": who holds `capability`, in words. */
export function holdersOf(capability: Capability): string {
  const roles: readonly Role[] = capabilities[capability].roles;
  if (roles.length === 1 && roles[0] === 'owner') return 'the clinic owner';
  if (roles.length === 2 && roles.includes('owner') && roles.includes('clinician'))
    return 'clinicians and the owner';
  return roles.map((role) => `${role}s`).join(', ');
}

/**
 * The sentence a refusal shows: "Only the clinic owner can read the audit log." `what` words
 * the action when the capability's own words are too broad.
 *
 * @example
 * forbiddenSentence('clinical.read'); // "Only clinicians and the owner can read clinical notes."
 */
export function forbiddenSentence(capability: Capability, what?: string): string {
  const holders = holdersOf(capability);
  return `Only ${holders} can ${what ?? capabilities[capability].does}.`;
}

/** The 403 problem of a refusal, worded by `forbiddenSentence`. */
export function forbiddenProblem(capability: Capability, what?: string): Problem {
  return makeProblem('forbidden', 403, forbiddenSentence(capability, what));
}
