import type { Template } from '@bedside/shared';
import type { BedsideDatabase } from '$lib/db/database';
import { appendMutation, unsentLastOf } from '$lib/sync/outbox';
import { getServerCopy, rebuildViews } from '$lib/sync/views';

/** The distance between neighbours in a freshly numbered list. */
export const SORT_STEP = 1024;
/** Below this, halving a gap again is not worth it: the list is numbered afresh instead. */
const MIN_GAP = 1e-6;

/** A position between two neighbours (either may be missing); undefined when there is no room. */
export function sortOrderBetween(
  before: number | undefined,
  after: number | undefined,
): number | undefined {
  if (before === undefined) return after === undefined ? SORT_STEP : after - SORT_STEP;
  if (after === undefined) return before + SORT_STEP;
  const middle = (before + after) / 2;
  return after - before > MIN_GAP && before < middle && middle < after ? middle : undefined;
}

/** The clinic's templates that are not deleted, in display order. */
export async function liveTemplates(database: BedsideDatabase): Promise<Template[]> {
  return database.templates
    .orderBy('sortOrder')
    .filter((template) => template.deletedAt === null)
    .toArray();
}

/** A position after every template, deleted ones included (a restore puts them back in place). */
export async function sortOrderAtEnd(database: BedsideDatabase): Promise<number> {
  const last = await database.templates.orderBy('sortOrder').last();
  return sortOrderBetween(last?.sortOrder, undefined) ?? SORT_STEP;
}

/**
 * The position for a template placed at `index` of `others` (the live list without it). When
 * the neighbours are too close, the whole list is numbered afresh, queuing a move for each
 * template whose number changes. Call inside the action's transaction.
 */
export async function sortOrderAt(
  database: BedsideDatabase,
  others: readonly Template[],
  index: number,
): Promise<number> {
  const between = sortOrderBetween(others[index - 1]?.sortOrder, others[index]?.sortOrder);
  if (between !== undefined) return between;
  for (const [position, template] of others.entries()) {
    const sortOrder = (position < index ? position + 1 : position + 2) * SORT_STEP;
    if (sortOrder !== template.sortOrder) await queueSortOrder(database, template, sortOrder);
  }
  return (index + 1) * SORT_STEP;
}

/**
 * Queues a template's new position. Dragging a template about makes one change, not many: the
 * position goes into its create or move still waiting to be sent, if that is its last change.
 */
export async function queueSortOrder(
  database: BedsideDatabase,
  template: Template,
  sortOrder: number,
): Promise<void> {
  const id = template.id;
  const unsent = await unsentLastOf(database, id);
  if (unsent?.name === 'template.create') {
    await database.outbox.put({ ...unsent, args: { ...unsent.args, sortOrder } });
  } else if (unsent?.name === 'template.update') {
    await database.outbox.put({ ...unsent, args: { ...unsent.args, fields: { sortOrder } } });
  } else {
    const server = await getServerCopy(database, 'templates', id);
    // Without a server copy the create was sent but has not come back yet: it will be version 1.
    const baseVersion = server?.version ?? Math.max(1, template.version);
    await appendMutation(
      database,
      'template.update',
      { id, baseVersion, fields: { sortOrder } },
      id,
    );
  }
  await rebuildViews(database, 'templates', [id]);
}
