import type { Problem, Role } from '@bedside/shared';
import type { Clock } from '../clock.ts';
import type { Logger } from '../log.ts';
import type { PhiKeys } from '../phi/phi-keys.ts';
import type { Db } from '../storage/db.ts';

/** What every domain function needs, passed in rather than imported. */
export type Deps = { db: Db; clock: Clock; log: Logger };

/** What reading or writing sealed patient data needs besides: the clinics' data keys. */
export type PhiDeps = Deps & { phi: PhiKeys };

/** Who is acting, from the session (never from the request body), and the request for the audit. */
export type Actor = { clinicId: string; userId: string; requestId: string };

/** An actor and their role, for what the role decides (a push's mutations, a pull's tables). */
export type Member = Actor & { role: Role };

/** Expected outcomes are values; only the unexpected throws. */
export type Result<T> = { ok: true; value: T } | { ok: false; problem: Problem };
