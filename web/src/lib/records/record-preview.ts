import type { RecordData, TemplateField } from '@bedside/shared';
import { readDiagnoses } from '$lib/records/record-values';

const PREVIEW_LENGTH = 140;

/** What a record row shows of what was written: a line of text and the diagnosis codes. */
export type RecordPreview = { text: string | null; diagnoses: string[] };

/**
 * The assessment's first line when it has one (a SOAP note's summary), otherwise the first
 * line of the first text answer, cut at a word near 140 characters; and every diagnosis as
 * "code description" (or the description alone).
 * `recordPreview(version.fields, record.data)` → `{text: 'Improving', diagnoses: ['I10 …']}`.
 */
export function recordPreview(fields: readonly TemplateField[], data: RecordData): RecordPreview {
  const texts = fields
    .filter((field) => field.type === 'text' || field.type === 'textarea')
    .map((field) => ({ field, line: firstLine(data[field.id]) }))
    .filter((answer) => answer.line !== null);
  const chosen =
    texts.find((answer) => answer.field.label.trim().toLowerCase() === 'assessment') ?? texts[0];
  const diagnoses = fields
    .filter((field) => field.type === 'diagnosis')
    .flatMap((field) => readDiagnoses(data[field.id]))
    .map((item) => [item.code, item.description.trim()].filter(Boolean).join(' '))
    .filter((label) => label !== '');
  return { text: chosen?.line ?? null, diagnoses };
}

function firstLine(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const line = value
    .split('\n')
    .map((part) => part.trim())
    .find((part) => part !== '');
  if (!line) return null;
  if (line.length <= PREVIEW_LENGTH) return line;
  const cut = line.slice(0, PREVIEW_LENGTH);
  const space = cut.lastIndexOf(' ');
  return `${(space > PREVIEW_LENGTH / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}
