import type { ClinicCipher } from '../phi/phi-keys.ts';
import type { sql } from './sql.ts';

/**
 * A write statement a query module built but did not run, so the caller can send several as one
 * statement (see `finishPush`): on a network database every statement costs round trips.
 */
export type Write = ReturnType<typeof sql>;

/**
 * Who wrote a push's rows, and when: every row of one push shares its clinic, author and time,
 * and the clinic's cipher, which seals the rows' PHI.
 */
export type WriteStamp = { clinicId: string; userId: string; at: string; cipher: ClinicCipher };
