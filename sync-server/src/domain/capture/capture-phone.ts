import * as v from 'valibot';
import {
  CAPTURE_SESSION_HOURS,
  CaptureSecret,
  captureSessionState,
  makeProblem,
  patientInitials,
  type CaptureOpened,
  type CaptureSessionForPhone,
  type Problem,
} from '@bedside/shared';
import { insertAuditEvents } from '../../storage/audit-queries.ts';
import {
  notifyCaptureSession,
  openCaptureSessionByToken,
  selectArrivedPhotoIds,
  selectCaptureSessionByCredential,
  selectCaptureSessionByToken,
  selectCaptureSubject,
  type StoredCaptureSession,
} from '../../storage/capture-queries.ts';
import { captureAuditEvents } from './capture-audit.ts';
import { hashCaptureSecret, newCaptureSecret } from './capture-secrets.ts';
import type { Deps, Result } from '../deps.ts';

const tokenUnknown = makeProblem(
  'capture-token-unknown',
  404,
  'This code is not valid. Show a new code on the computer and scan it again.',
);
const tokenUsed = makeProblem(
  'capture-token-used',
  410,
  'This code has already been used. Each code opens once: show a new code on the computer and scan it again.',
);
const tokenExpired = makeProblem(
  'capture-token-expired',
  410,
  'This code has expired. Codes last 10 minutes: show a new code on the computer and scan it again.',
);
const sessionEnded = makeProblem(
  'capture-session-ended',
  410,
  'This capture session was ended on the computer. Start a new one there to send more photos.',
);
const sessionExpired = makeProblem(
  'capture-session-expired',
  410,
  'This capture session has expired. Sessions last 2 hours: scan a new code on the computer.',
);
const otherClinic = makeProblem(
  'capture-other-clinic',
  403,
  'This code belongs to another clinic than the one signed in on this phone. Nothing was sent.',
);
export const captureUnauthorized = makeProblem(
  'capture-unauthorized',
  401,
  'This phone is no longer connected to a capture session. Scan a new code on the computer.',
);

/** A phone's request: the session its credential opened, and the request id for the audit. */
export type PhoneRequest = { session: StoredCaptureSession; requestId: string };

/**
 * Exchanges the QR code's token for the phone's credential, once: the session opens for
 * `CAPTURE_SESSION_HOURS`. A phone signed in to another clinic is refused without using the
 * token, so the right phone can still open it.
 */
export async function openCaptureSession(
  deps: Deps,
  input: { token: string; signedInClinicId: string | undefined; requestId: string },
): Promise<Result<CaptureOpened>> {
  if (!v.is(CaptureSecret, input.token)) return { ok: false, problem: tokenUnknown };
  const tokenHash = hashCaptureSecret(input.token);
  const found = await selectCaptureSessionByToken(deps.db, tokenHash);
  if (!found) return { ok: false, problem: tokenUnknown };
  if (input.signedInClinicId !== undefined && input.signedInClinicId !== found.clinicId)
    return refuseOpen(deps, found, input.requestId, otherClinic);

  const now = deps.clock();
  const credential = newCaptureSecret();
  const opened = await deps.db.transaction(async (tx) => {
    const row = await openCaptureSessionByToken(tx, {
      tokenHash,
      credentialHash: credential.hash,
      now: now.toISOString(),
      expiresAt: new Date(now.getTime() + CAPTURE_SESSION_HOURS * 3_600_000).toISOString(),
    });
    if (!row) return undefined;
    await notifyCaptureSession(tx, row.id);
    const context = { requestId: input.requestId, at: now.toISOString() };
    await insertAuditEvents(tx, captureAuditEvents(row, 'capture.open', context));
    return row;
  });
  if (!opened) {
    // Read again: another phone may have opened it since the first look.
    const current = (await selectCaptureSessionByToken(deps.db, tokenHash)) ?? found;
    return refuseOpen(deps, current, input.requestId, whyNotOpened(current, now));
  }
  const forPhone = await captureSessionForPhone(deps, opened);
  return { ok: true, value: { ...forPhone, credential: credential.secret } };
}

function whyNotOpened(session: StoredCaptureSession, now: Date): Problem {
  if (session.endedAt) return sessionEnded;
  if (session.openedAt) return tokenUsed;
  if (Date.parse(session.tokenExpiresAt) <= now.getTime()) return tokenExpired;
  // Unreachable unless the row changed back between the two reads.
  return tokenUsed;
}

async function refuseOpen(
  deps: Deps,
  session: StoredCaptureSession,
  requestId: string,
  problem: Problem,
): Promise<Result<CaptureOpened>> {
  const context = { requestId, at: deps.clock().toISOString() };
  await insertAuditEvents(deps.db, captureAuditEvents(session, 'capture.open-refused', context));
  return { ok: false, problem };
}

/**
 * The session a phone's credential opened, while it is open: 401 for no or an unknown
 * credential, 410 once it ended or expired.
 */
export async function sessionOfCredential(
  deps: Deps,
  credential: string | undefined,
): Promise<Result<StoredCaptureSession>> {
  if (credential === undefined || !v.is(CaptureSecret, credential))
    return { ok: false, problem: captureUnauthorized };
  const session = await selectCaptureSessionByCredential(deps.db, hashCaptureSecret(credential));
  if (!session) return { ok: false, problem: captureUnauthorized };
  const state = captureSessionState(session, deps.clock());
  if (state === 'ended') return { ok: false, problem: sessionEnded };
  if (state !== 'open') return { ok: false, problem: sessionExpired };
  return { ok: true, value: session };
}

/** What the phone shows: the clinic, the patient's initials, the record's title, what arrived. */
export async function captureSessionForPhone(
  deps: Deps,
  session: StoredCaptureSession,
): Promise<CaptureSessionForPhone> {
  const subject = await selectCaptureSubject(deps.db, session);
  if (!session.expiresAt) throw new Error('a phone holds the credential of an unopened session');
  return {
    sessionId: session.id,
    clinicName: subject.clinicName,
    patientInitials: patientInitials(subject.givenName, subject.familyName),
    recordTitle: subject.recordTitle,
    imageLimit: session.imageLimit,
    expiresAt: session.expiresAt,
    uploadedPhotoIds: await selectArrivedPhotoIds(deps.db, session.clinicId, session.id),
  };
}
