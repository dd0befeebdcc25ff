import type * as v from 'valibot';
import { addendumEntity } from '../entities/addendum-entity.ts';
import { appointmentEntity } from '../entities/appointment-entity.ts';
import { appointmentTypeEntity } from '../entities/appointment-type-entity.ts';
import { patientEntity } from '../entities/patient-entity.ts';
import { photoEntity } from '../entities/photo-entity.ts';
import { recordEntity } from '../entities/record-entity.ts';
import { templateEntity, templateVersionEntity } from '../entities/template-entity.ts';
import type { Role } from '../accounts.ts';
import { can, type Capability } from '../permissions.ts';
import type { SyncTableName, SyncTables } from '../sync-protocol.ts';
import type { EntityTableName, MutationDefinition } from './entity-definition.ts';

/**
 * Every synced entity, in the order a batch writes their tables: a row is inserted after the
 * rows it points at (within one statement foreign keys are checked at its end, but the order
 * keeps the plan readable). A new entity is one more line here.
 */
export const entities = [
  patientEntity,
  templateVersionEntity,
  templateEntity,
  appointmentTypeEntity,
  appointmentEntity,
  recordEntity,
  addendumEntity,
  photoEntity,
] as const;

/** Every mutation the server understands, by name. */
export const mutationDefinitions = {
  ...patientEntity.mutations,
  ...templateEntity.mutations,
  ...appointmentTypeEntity.mutations,
  ...appointmentEntity.mutations,
  ...recordEntity.mutations,
  ...addendumEntity.mutations,
  ...photoEntity.mutations,
};

export type MutationName = keyof typeof mutationDefinitions;
export const mutationNames = Object.keys(mutationDefinitions) as MutationName[];

export function isMutationName(name: string): name is MutationName {
  return Object.hasOwn(mutationDefinitions, name);
}

/** Each mutation's args schema. */
export const mutationArgs = Object.fromEntries(
  mutationNames.map((name) => [name, mutationDefinitions[name].args]),
) as { [N in MutationName]: (typeof mutationDefinitions)[N]['args'] };

export type MutationArgs<N extends MutationName> = v.InferOutput<(typeof mutationArgs)[N]>;

/** The definition of `name`, seen through what every definition has in common. */
export function mutationDefinition(
  name: MutationName,
): MutationDefinition<EntityTableName, v.GenericSchema> {
  // Each entry's args and rule belong together; generic code only passes checked args on.
  return mutationDefinitions[name] as MutationDefinition<EntityTableName, v.GenericSchema>;
}

/** The table whose rows `name` writes. */
export function tableOfMutation(name: MutationName): EntityTableName {
  return mutationDefinitions[name].table;
}

/** The unique keys of `table`'s live rows, each with the value a row holds (null: none). */
export function uniqueKeysOf<T extends SyncTableName>(
  table: T,
): Record<string, (row: SyncTables[T]) => string | null> {
  const entity = entities.find((e) => e.table === table);
  // The entity found is the one of `table`, so its keys read rows of `table`.
  return (entity?.uniqueKeys ?? {}) as Record<string, (row: SyncTables[T]) => string | null>;
}

/** The tables a batch writes, in the order it writes them. */
export const entityTables: EntityTableName[] = entities.map((entity) => entity.table);

/** The capability a push needs to apply `name` (its definition says). */
export function capabilityOfMutation(name: MutationName): Capability {
  return mutationDefinitions[name].capability;
}

/** The capability a role needs to read `table`'s rows, and their conflicts and purges. */
export function readCapabilityOf(table: EntityTableName): Capability {
  const entity = entities.find((e) => e.table === table);
  if (!entity) throw new Error(`no entity is registered for ${table}`);
  return entity.readCapability;
}

/**
 * Whether `role` may read `table`'s rows.
 *
 * @example
 * canReadTable('assistant', 'records'); // false
 */
export function canReadTable(role: Role | undefined, table: EntityTableName): boolean {
  return can(role, readCapabilityOf(table));
}
