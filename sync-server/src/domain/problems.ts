import { makeProblem, type FieldIssue, type Problem } from '@bedside/shared';

/** The one wording of a schema failure, for request bodies and for mutation args alike. */
export function validationProblem(issues: FieldIssue[]): Problem {
  return makeProblem('validation', 422, 'Some fields need attention.', { issues });
}
