import type {
  ClinicalRecord,
  Patient,
  RecordAddendum,
  SyncedRowMeta,
  Template,
  TemplateField,
  TemplateVersion,
} from '@bedside/shared';
import { uuidv7 } from 'uuidv7';
import type { FakeSyncServer } from './fake-sync-server';
import { TEST_CLINIC } from './test-database';

/** A short template most record tests can use: a required 0–10 score and free notes. */
export const painFields: TemplateField[] = [
  { id: 'pain', label: 'Pain score', type: 'number', required: true, min: 0, max: 10 },
  { id: 'notes', label: 'Notes', type: 'textarea', required: false },
];

function otherDeviceMeta(id: string): SyncedRowMeta {
  return {
    id,
    clinicId: TEST_CLINIC,
    createdAt: '2025-01-01T00:00:00.000Z',
    createdBy: 'other',
    updatedAt: '2025-01-01T00:00:00.000Z',
    updatedBy: 'other',
    version: 1,
    deletedAt: null,
    deletedBy: null,
    changeSeq: 0,
  };
}

/** A patient another device created, on the server only (pull to get it). */
export function serverPatient(server: FakeSyncServer, fields: Partial<Patient> = {}): Patient {
  return server.writeRow({
    ...otherDeviceMeta(uuidv7()),
    givenName: 'Ann',
    familyName: 'Lee',
    birthDate: null,
    sex: null,
    identifier: null,
    phone: null,
    email: null,
    notes: null,
    address: null,
    emergencyName: null,
    emergencyRelationship: null,
    emergencyPhone: null,
    allergies: null,
    reminderConsent: false,
    ...fields,
  });
}

/** A template with one version, on the server only, as the clinic's seeding makes them. */
export function serverTemplate(
  server: FakeSyncServer,
  options: { name?: string; fields?: TemplateField[]; sortOrder?: number } = {},
): { template: Template; version: TemplateVersion } {
  const name = options.name ?? 'Pain check';
  const templateId = uuidv7();
  const version = server.writeTo('templateVersions', {
    ...otherDeviceMeta(uuidv7()),
    templateId,
    number: 1,
    name,
    description: null,
    fields: options.fields ?? painFields,
  });
  const template = server.writeTo('templates', {
    ...otherDeviceMeta(templateId),
    name,
    description: null,
    sortOrder: options.sortOrder ?? 1024,
    currentVersionId: version.id,
    currentVersionNumber: 1,
    builtIn: null,
  });
  return { template, version };
}

/** A record another device wrote (a signed one unless `status` says otherwise). */
export function serverRecord(
  server: FakeSyncServer,
  written: { patient: Patient; version: TemplateVersion },
  fields: Partial<ClinicalRecord> = {},
): ClinicalRecord {
  return server.writeTo('records', {
    ...otherDeviceMeta(uuidv7()),
    patientId: written.patient.id,
    templateId: written.version.templateId,
    templateVersionId: written.version.id,
    appointmentId: null,
    status: 'finalized',
    data: { pain: 4 },
    finalizedAt: '2025-01-01T00:00:00.000Z',
    finalizedBy: 'other',
    archivedAt: null,
    archivedBy: null,
    ...fields,
  });
}

export function serverAddendum(
  server: FakeSyncServer,
  record: ClinicalRecord,
  fields: Partial<RecordAddendum> = {},
): RecordAddendum {
  return server.writeTo('addenda', {
    ...otherDeviceMeta(uuidv7()),
    recordId: record.id,
    patientId: record.patientId,
    text: 'Checked again.',
    ...fields,
  });
}
