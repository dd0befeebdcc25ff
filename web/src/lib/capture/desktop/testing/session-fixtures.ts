import type { CaptureSession, CaptureSessionCreated } from '@bedside/shared';

export const SERVER_NOW = Date.parse('2026-03-02T10:00:00.000Z');
const minutes = (count: number) => new Date(SERVER_NOW + count * 60_000).toISOString();

/** A session as the server answers it right after creating it at SERVER_NOW. */
export function waitingSession(overrides: Partial<CaptureSession> = {}): CaptureSession {
  return {
    id: '01950000-0000-7000-8000-00000000c0de',
    patientId: '01950000-0000-7000-8000-000000000001',
    recordId: null,
    state: 'waiting',
    tokenExpiresAt: minutes(10),
    openedAt: null,
    expiresAt: null,
    endedAt: null,
    imageLimit: 20,
    photoIds: [],
    ...overrides,
  };
}

/** The same session once a phone opened it a minute later. */
export function openSession(overrides: Partial<CaptureSession> = {}): CaptureSession {
  return waitingSession({
    state: 'open',
    openedAt: minutes(1),
    expiresAt: minutes(121),
    ...overrides,
  });
}

export function createdAnswer(session = waitingSession()): CaptureSessionCreated {
  return {
    session,
    token: 'q0ZVb3X1c2VkLWJ5LWEtdGVzdC1vbmx5LWFiY2RlZmd',
    captureUrl: 'http://192.168.1.20:3000/capture/q0ZVb3X1c2VkLWJ5LWEtdGVzdC1vbmx5LWFiY2RlZmd',
    reachableFromPhone: true,
  };
}
