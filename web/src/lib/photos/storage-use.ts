import { liveQuery, type Observable } from 'dexie';
import { db } from '$lib/db/database';
import { formatBytes } from './format-bytes';
import { originalsBudget } from './original-budget';
import { keptOriginalsBytes } from './original-eviction';

export type StorageUse = { usedBytes: number; quotaBytes: number; warning: string | null };

const MIN_FREE_SHARE = 0.15;
const MIN_FREE_BYTES = 200 * 1024 * 1024;

/**
 * The warning to show for this much use of this quota, or null: when less than 15 % or less
 * than 200 MB is left, the next photos may not fit.
 */
export function storageWarning(usedBytes: number, quotaBytes: number): string | null {
  if (quotaBytes <= 0) return null;
  const free = Math.max(0, quotaBytes - usedBytes);
  if (free >= MIN_FREE_BYTES && free >= quotaBytes * MIN_FREE_SHARE) return null;
  return `This device is running out of space for Bedside: ${formatBytes(free)} left. Let photos finish uploading and free some space before taking more.`;
}

/**
 * How much the browser lets this app store and how much it uses (navigator.storage.estimate),
 * with a warning before it runs short. Estimated again whenever photo bytes come or go; live.
 */
export function watchStorage(): Observable<StorageUse> {
  return liveQuery(async () => {
    // Read so the estimate is taken again whenever photos are stored or removed.
    await db.photoBytes.count();
    const estimate =
      typeof navigator !== 'undefined' && navigator.storage?.estimate
        ? await navigator.storage.estimate().catch(() => undefined)
        : undefined;
    const usedBytes = estimate?.usage ?? 0;
    const quotaBytes = estimate?.quota ?? 0;
    return { usedBytes, quotaBytes, warning: storageWarning(usedBytes, quotaBytes) };
  });
}

export type OriginalsUse = { keptBytes: number; budgetBytes: number };

/** How many bytes of full-size photos this device keeps, and its budget for them; live. */
export function watchOriginalsUse(): Observable<OriginalsUse> {
  return liveQuery(async () => {
    const keptBytes = await keptOriginalsBytes(db);
    return { keptBytes, budgetBytes: await originalsBudget() };
  });
}

/**
 * The line Settings shows about full-size photos on this device.
 *
 * @example
 * originalsSentence({ keptBytes: 12_500_000, budgetBytes: 200 * 1024 * 1024 })
 * // 'Full-size photos on this device: 12.5 MB of up to 210 MB. …'
 */
export function originalsSentence({ keptBytes, budgetBytes }: OriginalsUse): string {
  return `Full-size photos on this device: ${formatBytes(keptBytes)} of up to ${formatBytes(budgetBytes)}. Beyond that, the ones viewed longest ago are removed once uploaded and load again when opened online; small copies stay.`;
}
