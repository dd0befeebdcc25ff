import type { ClinicalRecord, TemplateField } from '@bedside/shared';
import { readDiagnoses } from '$lib/records/record-values';

/** One active diagnosis of a patient, from the latest signed note that names it. */
export type ProblemListEntry = {
  code: string | null;
  description: string;
  /** When that note was signed (its creation, for a note signed before the time was kept). */
  notedAt: string;
  recordId: string;
};

type SignedNote = {
  record: Pick<
    ClinicalRecord,
    'id' | 'status' | 'deletedAt' | 'data' | 'finalizedAt' | 'createdAt'
  >;
  /** The fields of the template version it was written with. */
  fields: readonly TemplateField[];
};

/**
 * The patient's problem list: the distinct diagnoses of the signed notes (finalized or
 * archived; drafts and deleted notes say nothing yet), most recently noted first. The same code
 * in two notes, or the same uncoded description in any case, is one problem, dated by the
 * later note.
 * `problemList([{ record, fields }])` → `[{ code: 'I10', description: 'Essential…', … }]`
 */
export function problemList(notes: readonly SignedNote[]): ProblemListEntry[] {
  const signed = notes
    .filter(({ record }) => record.status !== 'draft' && record.deletedAt === null)
    .map((note) => ({ ...note, notedAt: note.record.finalizedAt ?? note.record.createdAt }))
    .sort((a, b) => b.notedAt.localeCompare(a.notedAt));
  const entries = new Map<string, ProblemListEntry>();
  for (const { record, fields, notedAt } of signed) {
    for (const field of fields) {
      if (field.type !== 'diagnosis') continue;
      for (const diagnosis of readDiagnoses(record.data[field.id])) {
        const description = diagnosis.description.trim();
        const key = diagnosis.code
          ? `code:${diagnosis.code.replace('.', '').toUpperCase()}`
          : `text:${description.toLocaleLowerCase()}`;
        if (key === 'text:' || entries.has(key)) continue;
        entries.set(key, { code: diagnosis.code, description, notedAt, recordId: record.id });
      }
    }
  }
  return [...entries.values()];
}
