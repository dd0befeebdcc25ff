import * as v from 'valibot';
import { SCHEMA_VERSION } from '@bedside/shared';

/** Where a device is in its clinic's change history; opaque to the device. */
export type CursorPosition = { epoch: string; changeSeq: number };

const CursorJson = v.object({
  e: v.string(),
  s: v.pipe(v.number(), v.integer(), v.minValue(0)),
  v: v.number(),
});

export function encodeCursor(position: CursorPosition): string {
  const json = JSON.stringify({ e: position.epoch, s: position.changeSeq, v: SCHEMA_VERSION });
  return Buffer.from(json).toString('base64url');
}

/** The position, or undefined for anything this server did not write for this schema version. */
export function decodeCursor(cursor: string): CursorPosition | undefined {
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  const result = v.safeParse(CursorJson, json);
  if (!result.success || result.output.v !== SCHEMA_VERSION) return undefined;
  return { epoch: result.output.e, changeSeq: result.output.s };
}
