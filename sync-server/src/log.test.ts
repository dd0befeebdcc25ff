import { describe, expect, it } from 'vitest';
import { openPglite } from './storage/pglite-db.ts';
import { errorForLog } from './log.ts';

describe('errorForLog', () => {
  it('keeps what explains a database error but not the value PostgreSQL quotes', async () => {
    const db = await openPglite(undefined);
    const error = await db.many({ text: 'SELECT $1::date', values: ['1990-02-30'] }).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    await db.close();
    const logged = JSON.stringify(errorForLog(error));
    expect(logged).toContain('date');
    expect(logged).toContain('22008');
    expect(logged).not.toContain('1990-02-30');
  });

  it('keeps ordinary messages whole', () => {
    expect(errorForLog(new Error('socket hang up'))).toMatchObject({ message: 'socket hang up' });
  });
});
