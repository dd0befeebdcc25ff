import { uuidv7 } from 'uuidv7';
import { SCHEMA_VERSION } from '@bedside/shared';

/**
 * The push bodies that create `count` patients, `batch` per request, with consecutive seqs from
 * one device (`clientId`): what a device sends after a day of registrations offline.
 */
export function patientPushBodies(clientId: string, count: number, batch: number): string[] {
  const bodies: string[] = [];
  let seq = 0;
  for (let done = 0; done < count; done += batch) {
    const mutations = Array.from({ length: Math.min(batch, count - done) }, (_, i) => ({
      id: uuidv7(),
      seq: ++seq,
      name: 'patient.create',
      args: {
        id: uuidv7(),
        givenName: `Given${done + i}`,
        familyName: `Family${done + i}`,
        birthDate: '1980-04-12',
        sex: 'female',
        phone: '+1 555 0100',
      },
    }));
    bodies.push(JSON.stringify({ clientId, schemaVersion: SCHEMA_VERSION, mutations }));
  }
  return bodies;
}
