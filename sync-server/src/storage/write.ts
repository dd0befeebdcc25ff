import type { sql } from './sql.ts';

/**
 * A write statement a query module built but did not run, so the caller can send several as one
 * statement (see `finishPush`): on a network database every statement costs round trips.
 */
export type Write = ReturnType<typeof sql>;
