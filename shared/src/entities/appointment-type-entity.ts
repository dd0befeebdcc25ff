import {
  AppointmentTypeCreateArgs,
  AppointmentTypeIdArgs,
  AppointmentTypeUpdateArgs,
  appointmentTypeEditableFields,
  appointmentTypeNameKey,
  type AppointmentType,
} from '../appointments.ts';
import { makeProblem, type Problem } from '../problems.ts';
import {
  defineEntity,
  defineMutation,
  type Need,
  type RuleView,
} from '../sync/entity-definition.ts';
import {
  alreadyExists,
  createdMeta,
  deleteMutation,
  editRefusal,
  fieldEdits,
  freshRowNeed,
  historyNeed,
  ownRow,
  overwritesOf,
  rejected,
  restored,
  rowNeed,
  touched,
  validationProblem,
  written,
} from '../sync/mutation-kit.ts';

const table = 'appointmentTypes';

export const appointmentTypeNotFound = makeProblem(
  'not-found',
  404,
  'This appointment type does not exist on the server.',
);

/** The name a type holds among the clinic's live types: none once deleted. */
function heldName(row: AppointmentType): string | null {
  return row.deletedAt === null ? appointmentTypeNameKey(row.name) : null;
}

function nameNeed(name: string | undefined): Need[] {
  return name === undefined
    ? []
    : [{ kind: 'holder', table, key: 'name', value: appointmentTypeNameKey(name) }];
}

function nameTaken(view: RuleView, name: string, typeId: string): Problem | undefined {
  const holder = view.holder(table, 'name', appointmentTypeNameKey(name));
  if (holder === undefined || holder === typeId) return undefined;
  return validationProblem([
    { field: 'name', message: 'Another appointment type already has this name.' },
  ]);
}

function templateNeed(templateId: string | null | undefined): Need[] {
  return templateId ? [rowNeed('templates', templateId)] : [];
}

/** A note template must be one of the clinic's live templates. */
function templateRefusal(view: RuleView, templateId: string | null): Problem | undefined {
  if (templateId === null) return undefined;
  const template = ownRow(view, 'templates', templateId);
  if (!template) {
    return makeProblem('not-found', 404, 'This template does not exist on the server.');
  }
  if (template.deletedAt !== null) {
    return makeProblem('deleted', 409, 'This template was deleted. Choose another one.');
  }
  return undefined;
}

/**
 * Appointment types of a clinic: name (unique among its live types, in any case), default length,
 * colour and the template a note of such an appointment starts from. Fields merge like a
 * patient's.
 */
export const appointmentTypeEntity = defineEntity({
  table,
  readCapability: 'appointments.read',
  uniqueKeys: { name: heldName },
  mutations: {
    'appointmentType.create': defineMutation({
      table,
      capability: 'appointmentTypes.write',
      args: AppointmentTypeCreateArgs,
      needs: (args) => [
        freshRowNeed(table, args.id),
        ...nameNeed(args.name),
        ...templateNeed(args.templateId),
      ],
      decide(view, args, author) {
        if (view.row(table, args.id)) return rejected(alreadyExists('appointment type'));
        const templateId = args.templateId ?? null;
        const refusal = nameTaken(view, args.name, args.id) ?? templateRefusal(view, templateId);
        if (refusal) return rejected(refusal);
        return written({
          ...createdMeta(args.id, view.clinicId, author),
          name: args.name,
          durationMinutes: args.durationMinutes,
          colour: args.colour,
          templateId,
        });
      },
    }),

    'appointmentType.update': defineMutation({
      table,
      capability: 'appointmentTypes.write',
      args: AppointmentTypeUpdateArgs,
      needs: (args) => [
        rowNeed(table, args.id),
        ...nameNeed(args.fields.name),
        ...templateNeed(args.fields.templateId),
        historyNeed(table, args.id, args.baseVersion),
      ],
      decide(view, args, author) {
        const current = ownRow(view, table, args.id);
        if (!current) return rejected(appointmentTypeNotFound);
        const refusal = editRefusal(current, args.baseVersion, 'appointment type');
        if (refusal) return rejected(refusal);
        const edits = fieldEdits(current, args.fields, appointmentTypeEditableFields);
        if (edits.length === 0) return { kind: 'unchanged', row: current };
        const changed = Object.fromEntries(edits.map((edit) => [edit.field, edit.newValue]));
        const row: AppointmentType = { ...touched(current, author), ...changed };
        const invalid =
          (changed.name === undefined ? undefined : nameTaken(view, row.name, row.id)) ??
          (changed.templateId === undefined ? undefined : templateRefusal(view, row.templateId));
        if (invalid) return rejected(invalid);
        const overwrites = overwritesOf(view, table, current, args.baseVersion, edits);
        return written(row, edits, overwrites);
      },
    }),

    /** Soft delete: appointments of the type keep it; new ones cannot choose it. */
    'appointmentType.delete': deleteMutation(
      table,
      AppointmentTypeIdArgs,
      appointmentTypeNotFound,
      'appointmentTypes.write',
    ),

    /** Undoes a soft delete, unless another live type took the name meanwhile. */
    'appointmentType.restore': defineMutation({
      table,
      capability: 'appointmentTypes.write',
      args: AppointmentTypeIdArgs,
      needs: (args, view) => [
        rowNeed(table, args.id),
        ...nameNeed(ownRow(view, table, args.id)?.name),
      ],
      decide(view, args, author) {
        const current = ownRow(view, table, args.id);
        if (!current) return rejected(appointmentTypeNotFound);
        if (!current.deletedAt) return { kind: 'unchanged', row: current };
        const taken = nameTaken(view, current.name, current.id);
        if (taken) return rejected(taken);
        return written(restored(current, author));
      },
    }),
  },
});
