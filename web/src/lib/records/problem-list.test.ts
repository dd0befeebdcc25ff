import { describe, expect, it } from 'vitest';
import type { TemplateField } from '@bedside/shared';
import { problemList } from './problem-list';

const fields = [
  { id: 'a', type: 'textarea', label: 'Assessment', required: false },
  { id: 'dx', type: 'diagnosis', label: 'Diagnoses', required: false },
] as unknown as TemplateField[];

const htn = { code: 'I10', description: 'Essential (primary) hypertension', rank: 'primary' };
const dm2 = { code: 'E11.9', description: 'Type 2 diabetes mellitus', rank: 'secondary' };

function note(
  id: string,
  status: string,
  finalizedAt: string | null,
  dx: unknown,
  deleted = false,
) {
  return {
    record: {
      id,
      status: status as 'draft' | 'finalized' | 'archived',
      deletedAt: deleted ? '2026-03-01T00:00:00.000Z' : null,
      data: { a: 'Stable', dx },
      finalizedAt,
      createdAt: '2026-01-01T00:00:00.000Z',
    },
    fields,
  };
}

describe('problemList', () => {
  it('gathers the diagnoses of signed notes, most recently noted first, each once', () => {
    const list = problemList([
      note('old', 'finalized', '2026-02-01T10:00:00.000Z', [htn]),
      note('new', 'archived', '2026-04-01T10:00:00.000Z', [{ ...dm2 }, { ...htn, code: 'i10' }]),
    ]);
    expect(list).toEqual([
      {
        code: 'E11.9',
        description: 'Type 2 diabetes mellitus',
        notedAt: '2026-04-01T10:00:00.000Z',
        recordId: 'new',
      },
      {
        code: 'i10',
        description: 'Essential (primary) hypertension',
        notedAt: '2026-04-01T10:00:00.000Z',
        recordId: 'new',
      },
    ]);
  });

  it('leaves out drafts, deleted notes and empty diagnosis rows', () => {
    const list = problemList([
      note('draft', 'draft', null, [htn]),
      note('gone', 'finalized', '2026-02-01T10:00:00.000Z', [dm2], true),
      note('signed', 'finalized', '2026-02-02T10:00:00.000Z', [
        { code: null, description: '  ', rank: 'secondary' },
        { code: null, description: 'Chronic cough', rank: 'primary' },
        { code: null, description: 'chronic COUGH', rank: 'secondary' },
      ]),
    ]);
    expect(list.map((entry) => [entry.code, entry.description, entry.recordId])).toEqual([
      [null, 'Chronic cough', 'signed'],
    ]);
  });

  it('is empty when no signed note names a diagnosis', () => {
    expect(problemList([note('n', 'finalized', '2026-02-01T10:00:00.000Z', null)])).toEqual([]);
  });
});
