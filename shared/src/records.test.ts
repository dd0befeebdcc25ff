import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { MAX_JSON_DEPTH } from './json-depth.ts';
import {
  AddendumCreateArgs,
  MAX_RECORD_DATA_CHARS,
  RecordCreateArgs,
  RecordIdArgs,
  RecordUpdateArgs,
} from './records.ts';
import { validate } from './validation.ts';

const id = '0190b6d8-0000-7000-8000-000000000001';
const patientId = '0190b6d8-0000-7000-8000-000000000002';
const templateVersionId = '0190b6d8-0000-7000-8000-000000000003';

describe('record.create args', () => {
  it('starts with no answers when data is left out', () => {
    expect(validate(RecordCreateArgs, { id, patientId, templateVersionId })).toEqual({
      ok: true,
      value: { id, patientId, templateVersionId, data: {} },
    });
  });

  it('leaves the answers themselves to the template check', () => {
    const data = { pain: 'anything', notes: null, dx: [{ code: 1 }] };
    expect(validate(RecordCreateArgs, { id, patientId, templateVersionId, data })).toMatchObject({
      ok: true,
      value: { data },
    });
  });

  it('refuses unknown args, keys that cannot be field ids and data that is not an object', () => {
    expect(
      validate(RecordCreateArgs, { id, patientId, templateVersionId, status: 'finalized' }),
    ).toMatchObject({ ok: false, issues: [{ field: 'status' }] });
    expect(
      validate(RecordCreateArgs, { id, patientId, templateVersionId, data: { 'Pain score': 4 } }),
    ).toEqual({
      ok: false,
      issues: [
        { field: 'data.Pain score', message: 'Field id must be lower-case letters, digits or _.' },
      ],
    });
    expect(validate(RecordCreateArgs, { id, patientId, templateVersionId, data: 'x' })).toEqual({
      ok: false,
      issues: [{ field: 'data', message: 'Record data must be an object.' }],
    });
  });

  it(`refuses data larger than ${MAX_RECORD_DATA_CHARS} characters of JSON`, () => {
    const big = (chars: number) => ({ note: 'x'.repeat(chars - '{"note":""}'.length) });
    expect(
      validate(RecordCreateArgs, {
        id,
        patientId,
        templateVersionId,
        data: big(MAX_RECORD_DATA_CHARS),
      }),
    ).toMatchObject({ ok: true });
    expect(
      validate(RecordCreateArgs, {
        id,
        patientId,
        templateVersionId,
        data: big(MAX_RECORD_DATA_CHARS + 1),
      }),
    ).toEqual({
      ok: false,
      issues: [{ field: 'data', message: 'This record is too large to save.' }],
    });
  });

  it(`refuses data nested deeper than ${MAX_JSON_DEPTH} levels as an issue, not a stack overflow`, () => {
    const nested = (levels: number): unknown => {
      let value: unknown = 'x';
      for (let i = 0; i < levels; i++) value = [value];
      return value;
    };
    const args = (levels: number) => ({
      id,
      patientId,
      templateVersionId,
      data: { note: nested(levels) },
    });
    // The data object is one level, so its answers may nest one less.
    expect(validate(RecordCreateArgs, args(MAX_JSON_DEPTH - 1))).toMatchObject({ ok: true });
    const refused = {
      ok: false,
      issues: [
        {
          field: 'data',
          message: `Record data nested deeper than ${MAX_JSON_DEPTH} levels is not accepted.`,
        },
      ],
    };
    expect(validate(RecordCreateArgs, args(MAX_JSON_DEPTH))).toEqual(refused);
    expect(validate(RecordCreateArgs, args(10_000))).toEqual(refused);
    // Without stopping at the first failed check, the size check must not overflow either.
    const all = v.safeParse(RecordUpdateArgs, {
      id,
      baseVersion: 1,
      data: { note: nested(10_000) },
    });
    expect(all.issues?.map((issue) => issue.message)).toEqual([refused.issues[0]?.message]);
  });
});

describe('record.update args', () => {
  it('carries the changed answers, null clearing one', () => {
    const args = { id, baseVersion: 3, data: { pain: 4, notes: null } };
    expect(validate(RecordUpdateArgs, args)).toEqual({ ok: true, value: args });
  });

  it('refuses an update that changes nothing', () => {
    expect(validate(RecordUpdateArgs, { id, baseVersion: 3, data: {} })).toEqual({
      ok: false,
      issues: [{ field: 'data', message: 'An update must change at least one field.' }],
    });
  });

  it('needs a base version and nothing else', () => {
    expect(validate(RecordUpdateArgs, { id, baseVersion: 0, data: { a: 1 } }).ok).toBe(false);
    expect(validate(RecordUpdateArgs, { id, data: { a: 1 } }).ok).toBe(false);
    expect(
      validate(RecordUpdateArgs, { id, baseVersion: 1, data: { a: 1 }, status: 'draft' }).ok,
    ).toBe(false);
  });
});

describe('record id and addendum args', () => {
  it('take a record id and nothing else', () => {
    expect(validate(RecordIdArgs, { id })).toEqual({ ok: true, value: { id } });
    expect(validate(RecordIdArgs, { id, force: true }).ok).toBe(false);
    expect(validate(RecordIdArgs, { id: 'x' })).toEqual({
      ok: false,
      issues: [{ field: 'id', message: 'Must be a valid id.' }],
    });
  });

  it('trims an addendum and needs some text, at most 10000 characters', () => {
    expect(
      validate(AddendumCreateArgs, { id, recordId: patientId, text: ' Seen again. ' }),
    ).toEqual({ ok: true, value: { id, recordId: patientId, text: 'Seen again.' } });
    expect(validate(AddendumCreateArgs, { id, recordId: patientId, text: '  ' })).toEqual({
      ok: false,
      issues: [{ field: 'text', message: 'Addendum is required.' }],
    });
    expect(
      validate(AddendumCreateArgs, { id, recordId: patientId, text: 'x'.repeat(10_001) }),
    ).toEqual({
      ok: false,
      issues: [{ field: 'text', message: 'Addendum must be at most 10000 characters.' }],
    });
  });
});
