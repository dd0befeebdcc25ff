import { uuidv7 } from 'uuidv7';
import { insertAuditEventsWrite } from '../../storage/audit-queries.ts';
import type { Write } from '../../storage/write.ts';
import type { Actor } from '../deps.ts';

export type AuditTrail = {
  /** Notes that `action` (a mutation name) touched row `id` of `entity`. */
  add(entity: string, action: string, id: string): void;
  /** One event per entity and kind of change, naming every row it touched; none if nothing. */
  writes(): Write[];
};

/** Collects a batch's audit events: who, what, which ids, when; never the content. */
export function auditTrail(actor: Actor, at: string): AuditTrail {
  const ids = new Map<string, { entity: string; action: string; entityIds: string[] }>();
  return {
    add(entity, action, id) {
      const key = `${entity} ${action}`;
      const event = ids.get(key) ?? { entity, action, entityIds: [] };
      event.entityIds.push(id);
      ids.set(key, event);
    },
    writes() {
      if (ids.size === 0) return [];
      const write = insertAuditEventsWrite(
        [...ids.values()].map((event) => ({
          id: uuidv7(),
          clinicId: actor.clinicId,
          userId: actor.userId,
          requestId: actor.requestId,
          at,
          ...event,
        })),
      );
      return [write];
    },
  };
}
