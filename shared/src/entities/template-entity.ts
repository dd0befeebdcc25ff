import { makeProblem } from '../problems.ts';
import {
  defineEntity,
  defineMutation,
  type Author,
  type Draft,
  type FieldEdit,
  type RuleView,
  type SideWrite,
} from '../sync/entity-definition.ts';
import {
  alreadyExists,
  createdMeta,
  editRefusal,
  deleteMutation,
  freshRowNeed,
  historyNeed,
  ownRow,
  overwritesOf,
  rejected,
  restoreMutation,
  rowNeed,
  touched,
  written,
} from '../sync/mutation-kit.ts';
import {
  TemplateCreateArgs,
  TemplateIdArgs,
  TemplatePublishArgs,
  TemplateUpdateArgs,
  type TemplateVersionInput,
} from '../templates.ts';

const table = 'templates';
const versions = 'templateVersions';

const notFound = makeProblem('not-found', 404, 'This template does not exist on the server.');
const versionExists = alreadyExists('template version');

function newVersion(
  view: RuleView,
  templateId: string,
  number: number,
  input: TemplateVersionInput,
  author: Author,
): Draft<'templateVersions'> {
  return {
    ...createdMeta(input.id, view.clinicId, author),
    templateId,
    number,
    name: input.name,
    description: input.description ?? null,
    fields: input.fields,
  };
}

/** A version is written under a lower change number than the template that points at it. */
function withVersion(version: Draft<'templateVersions'>): { before: SideWrite[] } {
  return { before: [{ table: versions, row: version }] };
}

/**
 * Record templates: the row holds the name, the current version and the place in the clinic's
 * list; content lives in immutable versions, numbered by the server in arrival order.
 */
export const templateEntity = defineEntity({
  table,
  readCapability: 'templates.read',
  mutations: {
    /** A new template and its version 1. */
    'template.create': defineMutation({
      table,
      capability: 'templates.write',
      args: TemplateCreateArgs,
      needs: (args) => [freshRowNeed(table, args.id), freshRowNeed(versions, args.version.id)],
      decide(view, args, author) {
        if (view.row(table, args.id)) return rejected(alreadyExists('template'));
        if (view.row(versions, args.version.id)) return rejected(versionExists);
        const version = newVersion(view, args.id, 1, args.version, author);
        const row = {
          ...createdMeta(args.id, view.clinicId, author),
          name: version.name,
          description: version.description,
          sortOrder: args.sortOrder,
          currentVersionId: version.id,
          currentVersionNumber: 1,
          builtIn: null,
        };
        return { ...written(row), ...withVersion(version) };
      },
    }),

    /**
     * A new version, numbered by the server, becomes current. If another device published since
     * `baseVersion`, this one still wins (later arrival) and the version it replaced is reported;
     * that version stays readable, as every version does.
     */
    'template.publish': defineMutation({
      table,
      capability: 'templates.write',
      args: TemplatePublishArgs,
      needs: (args) => [
        rowNeed(table, args.id),
        freshRowNeed(versions, args.version.id),
        historyNeed(table, args.id, args.baseVersion),
      ],
      decide(view, args, author) {
        const current = ownRow(view, table, args.id);
        if (!current) return rejected(notFound);
        const refusal = editRefusal(current, args.baseVersion, 'template');
        if (refusal) return rejected(refusal);
        if (view.row(versions, args.version.id)) return rejected(versionExists);
        const number = current.currentVersionNumber + 1;
        const version = newVersion(view, current.id, number, args.version, author);
        const edits: FieldEdit[] = [
          { field: 'currentVersionId', oldValue: current.currentVersionId, newValue: version.id },
        ];
        const row = {
          ...touched(current, author),
          name: version.name,
          description: version.description,
          currentVersionId: version.id,
          currentVersionNumber: version.number,
        };
        const overwrites = overwritesOf(view, table, current, args.baseVersion, edits);
        return { ...written(row, edits, overwrites), ...withVersion(version) };
      },
    }),

    /** Moves the template in the clinic's list; merges like a patient's fields. */
    'template.update': defineMutation({
      table,
      capability: 'templates.write',
      args: TemplateUpdateArgs,
      needs: (args) => [rowNeed(table, args.id), historyNeed(table, args.id, args.baseVersion)],
      decide(view, args, author) {
        const current = ownRow(view, table, args.id);
        if (!current) return rejected(notFound);
        const refusal = editRefusal(current, args.baseVersion, 'template');
        if (refusal) return rejected(refusal);
        const sortOrder = args.fields.sortOrder;
        if (sortOrder === current.sortOrder) return { kind: 'unchanged', row: current };
        const edits: FieldEdit[] = [
          { field: 'sortOrder', oldValue: current.sortOrder, newValue: sortOrder },
        ];
        const overwrites = overwritesOf(view, table, current, args.baseVersion, edits);
        return written({ ...touched(current, author), sortOrder }, edits, overwrites);
      },
    }),

    /** Soft delete: records written against the template keep working. */
    'template.delete': deleteMutation(table, TemplateIdArgs, notFound, 'templates.write'),
    'template.restore': restoreMutation(table, TemplateIdArgs, notFound, 'templates.write'),
  },
});

/** Template versions are written only by their template's create and publish. */
export const templateVersionEntity = defineEntity({
  table: versions,
  readCapability: 'templates.read',
  mutations: {},
});
