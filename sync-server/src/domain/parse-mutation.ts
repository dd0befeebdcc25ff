import {
  isMutationName,
  makeProblem,
  mutationArgs,
  validate,
  type FieldIssue,
  type Problem,
  type PushMutation,
} from '@bedside/shared';
import type { PatientMutation } from './patient-batch.ts';
import type { PhotoMutation } from './photo-batch.ts';
import { validationProblem } from './problems.ts';
import type { RecordMutation } from './record-batch.ts';
import type { TemplateMutation } from './template-batch.ts';

/** Any mutation the server applies, with its args checked against the shared schema. */
export type EntityMutation = PatientMutation | TemplateMutation | RecordMutation | PhotoMutation;

export type Parsed = { ok: true; value: EntityMutation } | { ok: false; problem: Problem };

/** Checks a mutation's name and args; a bad one is rejected alone, with the schema's messages. */
export function parseMutation({ name, args }: PushMutation): Parsed {
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
  // One case per args schema, so each value keeps its precise type.
  switch (name) {
    case 'patient.create': {
      const result = validate(mutationArgs[name], args);
      return result.ok ? valid({ name, args: result.value }) : invalid(result.issues);
    }
    case 'patient.update': {
      const result = validate(mutationArgs[name], args);
      return result.ok ? valid({ name, args: result.value }) : invalid(result.issues);
    }
    case 'patient.delete':
    case 'patient.restore': {
      const result = validate(mutationArgs[name], args);
      return result.ok ? valid({ name, args: result.value }) : invalid(result.issues);
    }
    case 'template.create': {
      const result = validate(mutationArgs[name], args);
      return result.ok ? valid({ name, args: result.value }) : invalid(result.issues);
    }
    case 'template.publish': {
      const result = validate(mutationArgs[name], args);
      return result.ok ? valid({ name, args: result.value }) : invalid(result.issues);
    }
    case 'template.update': {
      const result = validate(mutationArgs[name], args);
      return result.ok ? valid({ name, args: result.value }) : invalid(result.issues);
    }
    case 'template.delete':
    case 'template.restore': {
      const result = validate(mutationArgs[name], args);
      return result.ok ? valid({ name, args: result.value }) : invalid(result.issues);
    }
    case 'record.create': {
      const result = validate(mutationArgs[name], args);
      return result.ok ? valid({ name, args: result.value }) : invalid(result.issues);
    }
    case 'record.update': {
      const result = validate(mutationArgs[name], args);
      return result.ok ? valid({ name, args: result.value }) : invalid(result.issues);
    }
    case 'record.finalize':
    case 'record.archive':
    case 'record.unarchive':
    case 'record.delete':
    case 'record.restore': {
      const result = validate(mutationArgs[name], args);
      return result.ok ? valid({ name, args: result.value }) : invalid(result.issues);
    }
    case 'addendum.create': {
      const result = validate(mutationArgs[name], args);
      return result.ok ? valid({ name, args: result.value }) : invalid(result.issues);
    }
    case 'photo.create': {
      const result = validate(mutationArgs[name], args);
      return result.ok ? valid({ name, args: result.value }) : invalid(result.issues);
    }
    case 'photo.update': {
      const result = validate(mutationArgs[name], args);
      return result.ok ? valid({ name, args: result.value }) : invalid(result.issues);
    }
    case 'photo.commit':
    case 'photo.delete':
    case 'photo.restore': {
      const result = validate(mutationArgs[name], args);
      return result.ok ? valid({ name, args: result.value }) : invalid(result.issues);
    }
  }
}

function valid(value: EntityMutation): Parsed {
  return { ok: true, value };
}

function invalid(issues: FieldIssue[]): Parsed {
  return { ok: false, problem: validationProblem(issues) };
}
