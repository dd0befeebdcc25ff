import { uuidv7 } from 'uuidv7';
import type { AuditEvent } from '../../storage/audit-queries.ts';
import type { StoredCaptureSession } from '../../storage/capture-queries.ts';

export const captureSessionsEntity = 'capture_sessions';

export type CaptureAuditAction =
  | 'capture.create'
  | 'capture.open'
  | 'capture.open-refused'
  | 'capture.upload-url'
  | 'capture.upload'
  | 'capture.upload-refused'
  | 'capture.end';

/**
 * What the audit trail keeps of a capture action: the session, and the photo when there is one.
 * Everything a phone does is on behalf of the desktop user who created the session; a desktop
 * action names its own user.
 */
export function captureAuditEvents(
  session: Pick<StoredCaptureSession, 'id' | 'clinicId' | 'createdBy'>,
  action: CaptureAuditAction,
  context: { requestId: string | null; at: string; photoId?: string; userId?: string },
): AuditEvent[] {
  const event = (entity: string, entityId: string): AuditEvent => ({
    id: uuidv7(),
    clinicId: session.clinicId,
    userId: context.userId ?? session.createdBy,
    action,
    entity,
    entityIds: [entityId],
    requestId: context.requestId,
    at: context.at,
  });
  const events = [event(captureSessionsEntity, session.id)];
  if (context.photoId) events.push(event('photos', context.photoId));
  return events;
}
