import * as v from 'valibot';
import { Uuid } from './common.ts';

/** What an owner can delete for good ahead of the retention, by its synced table's name. */
export const purgeableKinds = [
  'patients',
  'records',
  'photos',
  'appointments',
  'templates',
  'appointmentTypes',
] as const;
export type PurgeableKind = (typeof purgeableKinds)[number];

/** `POST /api/deleted/purge`: "Delete now" in Settings → Recently deleted (owner only). */
export const PurgeNowRequest = v.object({
  entity: v.picklist(purgeableKinds, 'entity must be a kind of row that can be deleted for good.'),
  id: Uuid,
});
export type PurgeNowRequest = v.InferOutput<typeof PurgeNowRequest>;

/** Rows deleted for good per synced table (`{ patients: 1, records: 3 }`), with objects and bytes. */
export type PurgeNowResponse = { purged: Record<string, number> };
