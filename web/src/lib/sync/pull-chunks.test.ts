import type { PullResponse } from '@bedside/shared';
import { describe, expect, it } from 'vitest';
import { pullChunks } from './pull-chunks';

/** A page whose rows carry only what chunking reads: their id and place in the change order. */
function page(changes: Record<string, number[]>): PullResponse {
  const rows = Object.fromEntries(
    Object.entries(changes).map(([table, seqs]) => [
      table,
      seqs.map((changeSeq) => ({ id: `${table}-${changeSeq}`, changeSeq })),
    ]),
  );
  // Only `changes` is read, and of each row only `changeSeq`.
  return { cursor: 'c', more: false, changes: rows } as unknown as PullResponse;
}

const ids = (rows: { id: string }[] | undefined) => (rows ?? []).map((row) => row.id);

describe('pullChunks', () => {
  it('keeps a page no larger than a chunk whole', () => {
    const chunks = pullChunks(page({ patients: [1, 2], records: [3] }), ['patients', 'records'], 3);
    expect(chunks).toHaveLength(1);
    expect(ids(chunks[0]!.patients)).toEqual(['patients-1', 'patients-2']);
    expect(ids(chunks[0]!.records)).toEqual(['records-3']);
  });

  it('cuts a larger page into stretches of the change order, across tables', () => {
    const chunks = pullChunks(
      page({ patients: [1, 2, 5, 6], records: [3, 4, 7] }),
      ['patients', 'records'],
      3,
    );
    expect(chunks.map((chunk) => [ids(chunk.patients), ids(chunk.records)])).toEqual([
      [['patients-1', 'patients-2'], ['records-3']],
      [['patients-5', 'patients-6'], ['records-4']],
      [[], ['records-7']],
    ]);
  });

  it('leaves out what is not a synced table (the conflicts go with the last chunk)', () => {
    const chunks = pullChunks(page({ patients: [1, 2, 3], conflicts: [4] }), ['patients'], 2);
    expect(chunks.flatMap((chunk) => Object.keys(chunk))).not.toContain('conflicts');
    expect(chunks.flatMap((chunk) => ids(chunk.patients))).toEqual([
      'patients-1',
      'patients-2',
      'patients-3',
    ]);
  });
});
