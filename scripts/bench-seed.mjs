// A clinic of many patients for the browser benchmarks, written through the push API as a
// device would: names with apostrophes, hyphens and accents, identifiers, birth dates and phone
// numbers in the shapes clinics type them, so searches in the bench meet realistic data.
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { tsImport } from 'tsx/esm/api';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { uuidv7 } = createRequire(path.join(root, 'sync-server', 'package.json'))('uuidv7');
const { SCHEMA_VERSION } = await tsImport('../shared/src/sync-protocol.ts', import.meta.url);

const GIVEN = ['Ann', 'Bruno', 'Chloé', 'Dmitri', 'Eileen', 'Fatima', 'Grace', 'Hiroshi', 'Ines'];
const FAMILY = ["O'Connell", 'Müller', 'Nguyen', 'Smith-Jones', 'García', 'Kowalski', 'Lee'];
const BATCH = 500;

/** The patient number `index` of a seeded clinic: deterministic, so a bench knows what to find. */
export function seededPatient(index) {
  const given = GIVEN[index % GIVEN.length];
  const family = FAMILY[Math.floor(index / GIVEN.length) % FAMILY.length];
  const year = 1930 + (index % 80);
  const month = String(1 + (index % 12)).padStart(2, '0');
  const day = String(1 + (index % 28)).padStart(2, '0');
  return {
    givenName: `${given}${index % 50 === 0 ? '' : ` ${index}`}`,
    familyName: family,
    identifier: `MRN-${String(index).padStart(7, '0')}`,
    birthDate: `${year}-${month}-${day}`,
    phone: `04${String(index)
      .padStart(8, '0')
      .replace(/(\d{2})(\d{3})(\d{3})/, '$1 $2 $3')}`,
  };
}

/**
 * Signs up a clinic for `account` and pushes `count` patients in batches of 500. Returns the
 * owner's cookie and the patients' ids in the order of `seededPatient`.
 */
export async function seedClinic(baseUrl, account, count, { timezone = 'Europe/London' } = {}) {
  const api = (method, urlPath, body, cookie) => apiCall(baseUrl, method, urlPath, body, cookie);
  const signup = await api('POST', '/api/clinics', {
    clinicName: 'Bench Clinic',
    timezone,
    name: 'Bea Bench',
    ...account,
  });
  const cookie = signup.headers
    .getSetCookie()
    .map((line) => line.split(';')[0])
    .join('; ');
  const clientId = uuidv7();
  const ids = [];
  for (let start = 0; start < count; start += BATCH) {
    const mutations = [];
    for (let index = start; index < Math.min(count, start + BATCH); index++) {
      const id = uuidv7();
      ids.push(id);
      mutations.push({
        id: uuidv7(),
        seq: index + 1,
        name: 'patient.create',
        args: { id, ...seededPatient(index) },
      });
    }
    const push = await api(
      'POST',
      '/api/sync/push',
      { clientId, schemaVersion: SCHEMA_VERSION, mutations },
      cookie,
    );
    const { results } = await push.json();
    const refused = results.filter((result) => result.status === 'rejected');
    if (refused.length > 0)
      throw new Error(`the server refused ${refused.length} patients: ${refused[0].problem.title}`);
  }
  return { cookie, ids };
}

/** One API request as a device sends it (same origin, JSON); fails unless the answer is 2xx. */
export async function apiCall(baseUrl, method, urlPath, body, cookie) {
  const response = await fetch(baseUrl + urlPath, {
    method,
    headers: {
      origin: baseUrl,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(cookie ? { cookie } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${method} ${urlPath} answered ${response.status}`);
  return response;
}
