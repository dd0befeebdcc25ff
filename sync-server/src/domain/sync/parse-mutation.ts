import {
  can,
  capabilityOfMutation,
  forbiddenProblem,
  isMutationName,
  makeProblem,
  mutationArgs,
  validate,
  validationProblem,
  type CheckedMutation,
  type Problem,
  type PushMutation,
  type Role,
} from '@bedside/shared';

export type Parsed = { ok: true; value: CheckedMutation } | { ok: false; problem: Problem };

/**
 * Checks a mutation's name, that `role` may make it, and its args; a bad one is rejected alone,
 * with the matrix's or the schema's messages.
 */
export function parseMutation({ name, args }: PushMutation, role: Role): Parsed {
  if (!isMutationName(name)) {
    return {
      ok: false,
      problem: makeProblem(
        'unknown-mutation',
        422,
        'The server does not know this kind of change. Update the app.',
        { detail: `Unknown mutation "${name}".` },
      ),
    };
  }
  const capability = capabilityOfMutation(name);
  if (!can(role, capability)) return { ok: false, problem: forbiddenProblem(capability) };
  const result = validate(mutationArgs[name], args);
  return result.ok
    ? { ok: true, value: { name, args: result.value } }
    : { ok: false, problem: validationProblem(result.issues) };
}
