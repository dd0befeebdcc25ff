import * as v from 'valibot';
import { Email, NewPassword, roles, type Role } from './accounts.ts';
import { optionalText, requiredText } from './common.ts';

/**
 * The clinic's team (Settings → Users, owners only): invitations by email (`/api/invitations`),
 * the invitee's own sign-up from the emailed link (`/accept-invite#<token>`), and an owner
 * editing, deactivating and reactivating users (`/api/users/:id`).
 */

/** How long an invitation link works. */
export const INVITATION_DAYS = 7;

const RoleChoice = v.picklist(roles, 'Role must be owner, clinician or assistant.');

/** An owner invites `email` as `role`; `name` is only a suggestion the invitee may change. */
export const InviteRequest = v.object({
  email: Email,
  role: RoleChoice,
  name: optionalText('Name', 120),
});
export type InviteRequest = v.InferOutput<typeof InviteRequest>;

const InviteToken = v.pipe(
  v.string('The link is incomplete.'),
  v.nonEmpty('The link is incomplete.'),
  v.maxLength(100, 'The link is incomplete.'),
);

/** The token from the link's fragment, sent in a body (never a URL). */
export const InvitationLookup = v.object({ token: InviteToken });
export type InvitationLookup = v.InferOutput<typeof InvitationLookup>;

/** The invitee's own name and password; the email and role come from the invitation. */
export const AcceptInvitation = v.object({
  token: InviteToken,
  name: requiredText('Your name', 120),
  password: NewPassword,
});
export type AcceptInvitation = v.InferOutput<typeof AcceptInvitation>;

/** What the link's page shows before the invitee signs up. */
export type InvitationPreview = {
  clinicName: string;
  email: string;
  role: Role;
  /** The name the owner suggested, if any. */
  name: string | null;
};

/** One invitation still waiting for its invitee (it may have expired: `expiresAt`). */
export type PendingInvitation = {
  id: string;
  email: string;
  role: Role;
  name: string | null;
  invitedBy: string;
  /** ISO-8601. */
  createdAt: string;
  /** ISO-8601. */
  expiresAt: string;
};

export type PendingInvitationList = { invitations: PendingInvitation[] };

/** Why an invitation link did not work: expired, used, revoked or never issued read the same. */
export const invitationLinkProblemDetail =
  'This invitation has expired or was already used. Ask the clinic for a new one.';

/** An owner changes a user's name, role or both. */
export const UpdateUserRequest = v.pipe(
  v.object({
    name: v.optional(requiredText('Name', 120)),
    role: v.optional(RoleChoice),
  }),
  v.check(
    (input) => input.name !== undefined || input.role !== undefined,
    'Send a new name, a new role or both.',
  ),
);
export type UpdateUserRequest = v.InferOutput<typeof UpdateUserRequest>;

/** What a device of a deactivated user last said about its unsent changes. */
export type UnsentReport = {
  /** "Chrome on Android"…; null for sessions older than labels. */
  device: string | null;
  unsentChanges: number;
  /** ISO-8601. */
  reportedAt: string;
};

/** A deactivated user, with what their devices last reported (only those with changes). */
export type DeactivatedUser = {
  id: string;
  name: string;
  email: string;
  role: Role;
  /** ISO-8601. */
  deactivatedAt: string;
  unsentReports: UnsentReport[];
};

export type DeactivatedUserList = { users: DeactivatedUser[] };

/**
 * The header a device sends with its sync requests: how many changes it holds that the server
 * has not taken yet. Kept per session, and kept after a deactivation ended the session, so an
 * owner can see that a deactivated user's device still holds work.
 */
export const UNSENT_CHANGES_HEADER = 'Bedside-Unsent-Changes';

/** The header's value: a whole number of changes. */
export const UnsentChangesHeader = v.pipe(
  v.string(),
  v.regex(/^\d{1,7}$/, `${UNSENT_CHANGES_HEADER} must be a whole number.`),
  v.transform(Number),
);

/** What a deactivated user's device is told on its next request. */
export const accountDeactivatedDetail =
  'Your account was deactivated by the clinic. Changes on this device stay on it.';
