import { validate, type FieldIssue } from '@bedside/shared';
import { AuditQuery, type AuditEntry, type AuditQuery as Query } from '@bedside/shared/audit';

/** The audit log's filters as their inputs hold them: "" for "any". */
export type AuditFilters = {
  userId: string;
  patientId: string;
  /** Exact, or a prefix ending with a dot. */
  action: string;
  from: string;
  to: string;
};

export const noAuditFilters: AuditFilters = {
  userId: '',
  patientId: '',
  action: '',
  from: '',
  to: '',
};

/** The choices of the action filter: a prefix names every action of its kind. */
export const actionChoices: readonly { value: string; label: string }[] = [
  { value: 'chart.read', label: 'Opened a chart' },
  { value: 'patient.', label: 'Patients changed' },
  { value: 'record.', label: 'Notes changed' },
  { value: 'addendum.', label: 'Addenda' },
  { value: 'photo.', label: 'Photos' },
  { value: 'appointment.', label: 'Appointments' },
  { value: 'capture.', label: 'Phone capture' },
  { value: 'sync.pull', label: 'Downloaded to a device' },
  { value: 'record.history', label: 'Read a note’s history' },
  { value: 'retention.', label: 'Deleted for good' },
  { value: 'clinic.update', label: 'Clinic settings' },
  { value: 'reminders.', label: 'Reminders' },
  { value: 'messages.', label: 'Messages' },
  { value: 'account.', label: 'Passwords, devices and two-factor' },
  { value: 'invitation.', label: 'Invitations' },
  { value: 'user.', label: 'Users changed' },
];

/**
 * The query for one page of the log: the filters that are set and, after the first page, the
 * cursor; or the issues a filter has (a start after its end).
 *
 * @example auditQuery({ ...noAuditFilters, action: 'record.' }) // { ok: true, value: { action: 'record.' } }
 */
export function auditQuery(
  filters: AuditFilters,
  before?: string | null,
): { ok: true; value: Query } | { ok: false; issues: FieldIssue[] } {
  const query: Record<string, string> = {};
  for (const key of ['userId', 'patientId', 'action', 'from', 'to'] as const)
    if (filters[key]) query[key] = filters[key];
  if (before) query.before = before;
  const checked = validate(AuditQuery, query);
  if (checked.ok && filters.from && filters.to && filters.from > filters.to)
    return {
      ok: false,
      issues: [{ field: 'to', message: 'The end date is before the start date.' }],
    };
  return checked;
}

/** The query string of a log request or the CSV link: only what is set. */
export function auditSearch(query: Query): string {
  const params = new URLSearchParams();
  for (const key of ['userId', 'patientId', 'action', 'from', 'to', 'before'] as const) {
    const value = query[key];
    if (value) params.set(key, value);
  }
  const text = params.toString();
  return text === '' ? '' : `?${text}`;
}

/** What each kind of row is called, one and several. */
const entityWords: Record<string, [string, string]> = {
  patients: ['chart', 'charts'],
  records: ['note', 'notes'],
  addenda: ['addendum', 'addenda'],
  photos: ['photo', 'photos'],
  appointments: ['appointment', 'appointments'],
  messages: ['message', 'messages'],
  capture_sessions: ['phone capture', 'phone captures'],
  conflicts: ['conflict', 'conflicts'],
  clinics: ['clinic settings', 'clinic settings'],
  templates: ['template', 'templates'],
  appointmentTypes: ['appointment type', 'appointment types'],
};

export const unknownPatient = 'a patient not on this device';

/**
 * What an event touched, named from this device: "Lee, Ann" for a chart, "2 notes of Lee, Ann",
 * "a note of a patient not on this device", or the rows' kind for rows of no patient.
 * `patientOf` maps a row id of the event's entity to its patient's id, when this device knows it.
 */
export function describeSubject(
  event: AuditEntry,
  patientOf: ReadonlyMap<string, string>,
  names: ReadonlyMap<string, string>,
): string {
  const [one, several] = entityWords[event.entity] ?? [event.entity, event.entity];
  const count = event.entityIds.length;
  const patientIds = new Set(
    event.entity === 'patients'
      ? event.entityIds
      : event.entityIds.flatMap((id) => patientOf.get(id) ?? []),
  );
  const patientNames = [...patientIds].map((id) => names.get(id) ?? unknownPatient);
  const known = event.entity === 'patients' || patientIds.size > 0;
  if (!known) {
    if (['records', 'addenda', 'photos', 'appointments', 'messages'].includes(event.entity))
      return count === 1 ? `a ${one} of ${unknownPatient}` : `${count} ${several}`;
    return count <= 1 ? one : `${count} ${several}`;
  }
  const whose =
    patientNames.length <= 2 ? patientNames.join(' and ') : `${patientNames.length} patients`;
  if (event.entity === 'patients') return whose;
  return count === 1 ? `a ${one} of ${whose}` : `${count} ${several} of ${whose}`;
}

/** Who acted: a name from this device, "Server" for its own work, or a plain phrase. */
export function actorName(event: AuditEntry, users: ReadonlyMap<string, string>): string {
  if (event.userId === null) return 'Server';
  return users.get(event.userId) ?? 'a user not on this device';
}

/** What a change did to a row, by the verb of its mutation name. */
const verbWords: Record<string, string> = {
  create: 'Added',
  update: 'Changed',
  delete: 'Deleted',
  restore: 'Restored',
  finalize: 'Signed',
  cancel: 'Cancelled',
  publish: 'Published',
  commit: 'Saved',
  seed: 'Set up',
};

/** The row a mutation changes, by the entity of its name (`record` in `record.finalize`). */
const mutationRowWords: Record<string, string> = {
  patient: 'a patient',
  record: 'a note',
  addendum: 'an addendum',
  photo: 'a photo',
  appointment: 'an appointment',
  appointmentType: 'an appointment type',
  template: 'a template',
};

/** What people do to their own account and to the team, each in words. */
const accountActionWords: Record<string, string> = {
  'account.password-change': 'Changed their password',
  'account.password-reset': 'Set a new password from an emailed link',
  'account.session-end': 'Signed a device out',
  'account.two-factor-enable': 'Turned on two-factor sign-in',
  'account.two-factor-disable': 'Turned off two-factor sign-in',
  'account.recovery-codes-new': 'Made new recovery codes',
  'account.recovery-code-use': 'Signed in with a recovery code',
  'account.two-factor-fail': 'Entered a wrong two-factor code',
  'invitation.create': 'Invited someone',
  'invitation.resend': 'Sent an invitation again',
  'invitation.revoke': 'Revoked an invitation',
  'invitation.accept': 'Joined from an invitation',
  'user.update': 'Changed a user',
  'user.deactivate': 'Deactivated a user',
  'user.reactivate': 'Reactivated a user',
};

/**
 * The action in words: "Opened a chart", "Signed a note" for `record.finalize`; else its name.
 */
export function actionLabel(action: string): string {
  const chosen =
    actionChoices.find((choice) => choice.value === action)?.label ?? accountActionWords[action];
  if (chosen) return chosen;
  const [entity = '', verb = ''] = action.split('.');
  const entityWord = mutationRowWords[entity];
  const verbWord = verbWords[verb];
  return entityWord && verbWord ? `${verbWord} ${entityWord}` : action;
}
