const MB = 1024 * 1024;

/** The most photo originals a device keeps, whatever its quota. */
export const MAX_ORIGINALS_BYTES = 200 * MB;
/** The share of the browser's quota photo originals may take. */
export const ORIGINALS_QUOTA_SHARE = 0.2;

/**
 * How many bytes of photo originals this device keeps for a quota: the smaller of 200 MB and
 * 20 % of the quota; 200 MB when the browser does not say.
 *
 * @example
 * originalsBudgetFor(500 * 1024 * 1024) // 100 MB
 */
export function originalsBudgetFor(quotaBytes: number | undefined): number {
  if (!quotaBytes || quotaBytes <= 0) return MAX_ORIGINALS_BYTES;
  return Math.min(MAX_ORIGINALS_BYTES, Math.floor(quotaBytes * ORIGINALS_QUOTA_SHARE));
}

/** This device's budget, from `navigator.storage.estimate()`. */
export async function originalsBudget(): Promise<number> {
  const storage = typeof navigator === 'undefined' ? undefined : navigator.storage;
  const estimate = storage?.estimate ? await storage.estimate().catch(() => undefined) : undefined;
  return originalsBudgetFor(estimate?.quota);
}
