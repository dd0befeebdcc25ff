import { describe, expect, it } from 'vitest';
import { uuidv7 } from 'uuidv7';
import { problemType, type Template, type TemplateField } from '@bedside/shared';
import {
  byId,
  clinicWithTemplate,
  Device,
  newRecord,
  newTemplate,
  publishTemplate,
  signUp,
  testFields,
} from '../../test/test-app.ts';
import { bedsideFor, colleagueDevice } from '../../test/push-helpers.ts';
import { dbKinds } from '../../test/test-db.ts';

const moreFields: TemplateField[] = [
  ...testFields,
  { id: 'follow_up', type: 'date', label: 'Follow-up date', required: false },
];

describe.each(dbKinds)('template mutations on %s', (kind) => {
  const bedside = bedsideFor(kind);

  it('creates a template with version 1 and pulls both', async () => {
    const owner = await signUp(bedside.app);
    const device = new Device(owner.api);
    const create = newTemplate(testFields, 'Physio follow-up', 4.5);
    const { body } = await device.push([create]);

    expect(body.results[0]).toMatchObject({
      status: 'applied',
      row: {
        id: create.args.id,
        name: 'Physio follow-up',
        description: null,
        sortOrder: 4.5,
        currentVersionId: create.args.version.id,
        currentVersionNumber: 1,
        builtIn: null,
        version: 1,
        createdBy: owner.me.user.id,
      },
    });
    const { templates, templateVersions } = await device.pullAll();
    expect(templates.find((t) => t.id === create.args.id)).toEqual(body.results[0]?.row);
    expect(templateVersions.find((v) => v.templateId === create.args.id)).toMatchObject({
      id: create.args.version.id,
      number: 1,
      name: 'Physio follow-up',
      fields: testFields,
    });
  });

  it('numbers published versions on the server, keeps the old ones and follows the new name', async () => {
    const { device, template, versionId } = await clinicWithTemplate(bedside.app);
    const second = publishTemplate(template.id, 1, moreFields, 'Follow-up (long)');
    const { body } = await device.push([second]);

    expect(body.results[0]).toMatchObject({
      status: 'applied',
      row: {
        name: 'Follow-up (long)',
        currentVersionId: second.args.version.id,
        currentVersionNumber: 2,
        version: 2,
      },
    });
    const pulled = await device.pullAll();
    expect(
      pulled.templateVersions
        .filter((v) => v.templateId === template.id)
        .map((v) => [v.id, v.number, v.fields.length]),
    ).toEqual([
      [versionId, 1, 3],
      [second.args.version.id, 2, 4],
    ]);
    expect(pulled.conflicts).toEqual([]);
  });

  it('lets the later of two concurrent publishes win, tells it, and keeps both versions', async () => {
    const { owner, device, template, versionId } = await clinicWithTemplate(bedside.app);
    const colleague = await colleagueDevice(bedside, owner);
    const first = publishTemplate(template.id, 1, moreFields, 'From the tablet');
    const late = publishTemplate(template.id, 1, testFields, 'From the phone');

    expect((await device.push([first])).body.results[0]?.status).toBe('applied');
    const { body } = await colleague.push([late]);

    expect(body.results[0]).toMatchObject({
      status: 'conflict',
      row: {
        name: 'From the phone',
        currentVersionId: late.args.version.id,
        currentVersionNumber: 3,
      },
      overwrites: [
        { field: 'currentVersionId', keptValue: first.args.version.id, keptBy: owner.me.user.id },
      ],
    });
    const pulled = await device.pullAll();
    expect(pulled.conflicts).toMatchObject([
      {
        entity: 'templates',
        rowId: template.id,
        field: 'currentVersionId',
        keptValue: first.args.version.id,
        winningValue: late.args.version.id,
      },
    ]);
    expect(
      pulled.templateVersions.filter((v) => v.templateId === template.id).map((v) => v.id),
    ).toEqual([versionId, first.args.version.id, late.args.version.id]);
  });

  it("never counts a device's own earlier publish in the same push as a conflict", async () => {
    const { device, template } = await clinicWithTemplate(bedside.app);
    const { body } = await device.push([
      publishTemplate(template.id, 1, moreFields),
      publishTemplate(template.id, 1, testFields),
    ]);
    expect(body.results.map((r) => r.status)).toEqual(['applied', 'applied']);
    expect(body.results[1]?.row).toMatchObject({ currentVersionNumber: 3, version: 3 });
  });

  it('merges reorders of different templates and reports a same-template race', async () => {
    const owner = await signUp(bedside.app);
    const tablet = new Device(owner.api);
    const phone = await colleagueDevice(bedside, owner);
    const a = newTemplate(testFields, 'A', 1);
    const b = newTemplate(testFields, 'B', 2);
    await tablet.push([a, b]);
    const move = (id: string, sortOrder: number) => ({
      name: 'template.update',
      args: { id, baseVersion: 1, fields: { sortOrder } },
    });

    expect((await tablet.push([move(a.args.id, 3)])).body.results[0]?.status).toBe('applied');
    expect((await phone.push([move(b.args.id, 0.5)])).body.results[0]?.status).toBe('applied');
    const raced = await phone.push([move(a.args.id, 1.5)]);
    expect(raced.body.results[0]).toMatchObject({
      status: 'conflict',
      row: { sortOrder: 1.5, version: 3 },
      overwrites: [{ field: 'sortOrder', keptValue: 3, keptBy: owner.me.user.id }],
    });

    const { templates } = await tablet.pullAll();
    const mine = templates.filter((t) => t.builtIn === null);
    expect(mine.map((t) => [t.name, t.sortOrder])).toEqual(
      expect.arrayContaining([
        ['A', 1.5],
        ['B', 0.5],
      ]),
    );
  });

  it('deletes and restores a template; a deleted one refuses publish and reorder', async () => {
    const { device, template } = await clinicWithTemplate(bedside.app);
    const deleted = await device.push([byId('template.delete', template.id)]);
    expect(deleted.body.results[0]?.row).toMatchObject({
      deletedAt: expect.any(String),
      version: 2,
    });

    const refused = await device.push([
      publishTemplate(template.id, 2),
      {
        name: 'template.update',
        args: { id: template.id, baseVersion: 2, fields: { sortOrder: 9 } },
      },
    ]);
    for (const result of refused.body.results) {
      expect(result).toMatchObject({
        status: 'rejected',
        problem: { type: problemType('deleted') },
      });
    }

    const again = await device.push([
      byId('template.delete', template.id),
      byId('template.restore', template.id),
      byId('template.restore', template.id),
    ]);
    expect(again.body.results.map((r) => [r.status, (r.row as Template).version])).toEqual([
      ['applied', 2],
      ['applied', 3],
      ['applied', 3],
    ]);
    expect((await device.pullAll()).templates.find((t) => t.id === template.id)?.deletedAt).toBe(
      null,
    );
  });

  it('accepts a record written against a version of a template deleted since', async () => {
    const { device, patient, template, versionId } = await clinicWithTemplate(bedside.app);
    await device.push([byId('template.delete', template.id)]);
    const { body } = await device.push([newRecord(patient.id, versionId, { complaint: 'Knee' })]);
    expect(body.results[0]).toMatchObject({
      status: 'applied',
      row: { templateId: template.id, templateVersionId: versionId, status: 'draft' },
    });
  });

  it('rejects an invalid template with the field issues, and reused ids as conflicts', async () => {
    const { device, template, versionId } = await clinicWithTemplate(bedside.app);
    const { body } = await device.push([
      newTemplate([{ id: 'x', type: 'text', label: ' ', required: false }]),
      newTemplate([
        { id: 'x', type: 'text', label: 'One', required: false },
        { id: 'x', type: 'text', label: 'Two', required: false },
      ]),
      { name: 'template.create', args: { ...newTemplate().args, id: template.id } },
      {
        name: 'template.create',
        args: { ...newTemplate().args, version: { id: versionId, name: 'Copy', fields: [] } },
      },
      {
        name: 'template.publish',
        args: {
          ...publishTemplate(template.id, 1).args,
          version: { id: versionId, name: 'Same id', fields: [] },
        },
      },
    ]);
    expect(body.results.map((r) => r.status)).toEqual([
      'rejected',
      'rejected',
      'rejected',
      'rejected',
      'rejected',
    ]);
    expect(body.results[0]?.problem).toMatchObject({
      type: problemType('validation'),
      status: 422,
      issues: [{ field: 'version.fields.0.label', message: 'Label is required.' }],
    });
    expect(body.results[1]?.problem?.issues).toEqual([
      { field: 'version.fields.1.id', message: 'Two fields have the same id.' },
    ]);
    for (const result of body.results.slice(2))
      expect(result.problem).toMatchObject({ type: problemType('conflict'), status: 409 });
  });

  it("treats another clinic's template like an unknown one", async () => {
    const { device: mine, template, versionId } = await clinicWithTemplate(bedside.app);
    const theirs = new Device((await signUp(bedside.app, 'other')).api);
    const unknown = uuidv7();
    const attempts = (id: string) => [
      publishTemplate(id, 1),
      { name: 'template.update', args: { id, baseVersion: 1, fields: { sortOrder: 0 } } },
      byId('template.delete', id),
      byId('template.restore', id),
    ];
    const foreign = await theirs.push(attempts(template.id));
    const missing = await theirs.push(attempts(unknown));
    expect(foreign.body.results.map((r) => r.problem)).toEqual(
      missing.body.results.map((r) => r.problem),
    );
    for (const result of foreign.body.results)
      expect(result).toMatchObject({
        status: 'rejected',
        problem: { type: problemType('not-found') },
      });

    // Ids another clinic holds are refused as taken, the same answer as for one's own.
    const taken = await theirs.push([
      { name: 'template.create', args: { ...newTemplate().args, id: template.id } },
      {
        name: 'template.create',
        args: { ...newTemplate().args, version: { id: versionId, name: 'Copy', fields: [] } },
      },
    ]);
    for (const result of taken.body.results)
      expect(result).toMatchObject({
        status: 'rejected',
        problem: { type: problemType('conflict') },
      });

    const after = (await mine.pullAll()).templates.find((t) => t.id === template.id);
    expect(after).toMatchObject({ version: 1, deletedAt: null, currentVersionId: versionId });
    expect((await theirs.pullAll()).templates.map((t) => t.builtIn)).toEqual([
      'soap',
      'vitals',
      'wound',
    ]);
  });
});
