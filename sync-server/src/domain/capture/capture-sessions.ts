import { uuidv7 } from 'uuidv7';
import * as v from 'valibot';
import {
  CAPTURE_IMAGE_LIMIT,
  CAPTURE_TOKEN_MINUTES,
  captureSessionState,
  makeProblem,
  Uuid,
  type CaptureSession,
  type CaptureSessionCreated,
  type CaptureSessionCreateRequest,
} from '@bedside/shared';
import { insertAuditEvents } from '../../storage/audit-queries.ts';
import {
  endClinicCaptureSession,
  insertCaptureSession,
  notifyCaptureSession,
  selectArrivedPhotoIds,
  selectClinicCaptureSession,
  type StoredCaptureSession,
} from '../../storage/capture-queries.ts';
import { selectPatientsByIds } from '../../storage/patient-queries.ts';
import { selectClinicRecord } from '../../storage/record-queries.ts';
import { captureAuditEvents } from './capture-audit.ts';
import { newCaptureSecret } from './capture-secrets.ts';
import { captureUrl, type CaptureOrigin } from './capture-url.ts';
import type { Actor, Deps, Result } from '../deps.ts';

const patientNotOnServer = makeProblem(
  'not-found',
  404,
  'This patient is not on the server yet. Wait until this device has synced, then try again.',
);
const recordNotOnServer = makeProblem(
  'not-found',
  404,
  'This record is not on the server yet. Wait until this device has synced, then try again.',
);
const recordSigned = makeProblem(
  'record-finalized',
  409,
  "This record is signed; photos can only be added to the patient's photos.",
);
export const captureSessionNotFound = makeProblem(
  'not-found',
  404,
  'This capture session does not exist.',
);

/**
 * A new session for one of the clinic's patients (and one of its draft records), with the
 * single-use token the desktop shows as a QR code. Only the token's hash is stored.
 */
export async function createCaptureSession(
  deps: Deps,
  actor: Actor,
  request: CaptureSessionCreateRequest,
  origin: CaptureOrigin,
): Promise<Result<CaptureSessionCreated>> {
  const patientId = request.patientId.toLowerCase();
  const recordId = request.recordId?.toLowerCase() ?? null;
  const [patient] = await selectPatientsByIds(deps.db, [patientId]);
  if (!patient || patient.clinicId !== actor.clinicId || patient.deletedAt)
    return { ok: false, problem: patientNotOnServer };
  if (recordId) {
    const record = await selectClinicRecord(deps.db, actor.clinicId, recordId);
    if (!record || record.patientId !== patientId || record.deletedAt)
      return { ok: false, problem: recordNotOnServer };
    if (record.status !== 'draft') return { ok: false, problem: recordSigned };
  }

  const now = deps.clock();
  const token = newCaptureSecret();
  const session: StoredCaptureSession = {
    id: uuidv7(),
    clinicId: actor.clinicId,
    patientId,
    recordId,
    tokenExpiresAt: new Date(now.getTime() + CAPTURE_TOKEN_MINUTES * 60_000).toISOString(),
    openedAt: null,
    expiresAt: null,
    endedAt: null,
    imageLimit: CAPTURE_IMAGE_LIMIT,
    createdAt: now.toISOString(),
    createdBy: actor.userId,
  };
  await deps.db.transaction(async (tx) => {
    await insertCaptureSession(tx, { ...session, tokenHash: token.hash });
    await insertAuditEvents(
      tx,
      captureAuditEvents(session, 'capture.create', {
        requestId: actor.requestId,
        at: session.createdAt,
      }),
    );
  });
  return {
    ok: true,
    value: {
      session: snapshotOf(session, [], now),
      token: token.secret,
      captureUrl: captureUrl(origin.origin, token.secret),
      reachableFromPhone: origin.reachableFromPhone,
    },
  };
}

/** The clinic's session as the desktop sees it; another clinic's id is not found. */
export async function getCaptureSession(
  deps: Deps,
  actor: Actor,
  id: string,
): Promise<Result<CaptureSession>> {
  const session = await findClinicCaptureSession(deps, actor.clinicId, id);
  if (!session) return { ok: false, problem: captureSessionNotFound };
  return { ok: true, value: await captureSessionSnapshot(deps, session) };
}

/**
 * Ends a waiting or open session: the token no longer opens and the phone's credential stops
 * working. Ending one that already ended or expired changes nothing and answers its state.
 */
export async function endCaptureSession(
  deps: Deps,
  actor: Actor,
  id: string,
): Promise<Result<CaptureSession>> {
  const current = await findClinicCaptureSession(deps, actor.clinicId, id);
  if (!current) return { ok: false, problem: captureSessionNotFound };
  const at = deps.clock().toISOString();
  const ended = await deps.db.transaction(async (tx) => {
    const row = await endClinicCaptureSession(tx, {
      clinicId: actor.clinicId,
      id: current.id,
      userId: actor.userId,
      now: at,
    });
    if (!row) return undefined;
    await notifyCaptureSession(tx, row.id);
    const context = { requestId: actor.requestId, at, userId: actor.userId };
    await insertAuditEvents(tx, captureAuditEvents(row, 'capture.end', context));
    return row;
  });
  const session = ended ?? (await findClinicCaptureSession(deps, actor.clinicId, current.id));
  if (!session) return { ok: false, problem: captureSessionNotFound };
  return { ok: true, value: await captureSessionSnapshot(deps, session) };
}

/** A malformed id is not found either. */
export async function findClinicCaptureSession(
  deps: Deps,
  clinicId: string,
  id: string,
): Promise<StoredCaptureSession | undefined> {
  if (!v.is(Uuid, id)) return undefined;
  return selectClinicCaptureSession(deps.db, clinicId, id.toLowerCase());
}

/** What the desktop is told of a session now: its state by the clock and the photos that arrived. */
export async function captureSessionSnapshot(
  deps: Deps,
  session: StoredCaptureSession,
): Promise<CaptureSession> {
  const photoIds = await selectArrivedPhotoIds(deps.db, session.clinicId, session.id);
  return snapshotOf(session, photoIds, deps.clock());
}

function snapshotOf(session: StoredCaptureSession, photoIds: string[], now: Date): CaptureSession {
  return {
    id: session.id,
    patientId: session.patientId,
    recordId: session.recordId,
    state: captureSessionState(session, now),
    tokenExpiresAt: session.tokenExpiresAt,
    openedAt: session.openedAt,
    expiresAt: session.expiresAt,
    endedAt: session.endedAt,
    imageLimit: session.imageLimit,
    photoIds,
  };
}
