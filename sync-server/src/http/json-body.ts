import type { Context } from 'hono';
import type * as v from 'valibot';
import { makeProblem, validate, validationProblem } from '@bedside/shared';
import { isJsonContentType, refuseDeepJson } from './json-depth-limit.ts';
import { ProblemError } from './problem.ts';

/**
 * Reads a JSON body and checks it against a shared schema; every failure is a problem. Depth is
 * checked before parsing, here too, for a route mounted outside `jsonDepthLimit`.
 */
export async function readJson<const S extends v.GenericSchema>(
  c: Context,
  schema: S,
): Promise<v.InferOutput<S>> {
  if (!isJsonContentType(c.req.header('content-type'))) {
    throw new ProblemError(
      makeProblem(
        'unsupported-media-type',
        415,
        'Send the request body as JSON (Content-Type: application/json).',
      ),
    );
  }
  const text = await c.req.text();
  refuseDeepJson(text);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new ProblemError(makeProblem('bad-request', 400, 'The request body is not valid JSON.'));
  }
  return validOrThrow(schema, body);
}

export function validOrThrow<const S extends v.GenericSchema>(
  schema: S,
  input: unknown,
): v.InferOutput<S> {
  const result = validate(schema, input);
  if (!result.ok) {
    throw new ProblemError(validationProblem(result.issues));
  }
  return result.value;
}
