/**
 * Reads `select` page by page after the last item's cursor until a page comes back short,
 * handing each page to `handle` before the next is read.
 *
 * @example await eachPage((after) => selectDue(db, { after, limit: 500 }), 500, (k) => k, del)
 */
export async function eachPage<T, C>(
  select: (after: C | undefined) => Promise<T[]>,
  limit: number,
  cursorOf: (item: T) => C,
  handle: (page: T[]) => Promise<void>,
): Promise<void> {
  let after: C | undefined;
  for (;;) {
    const page = await select(after);
    if (page.length > 0) await handle(page);
    const last = page.at(-1);
    if (page.length < limit || last === undefined) return;
    after = cursorOf(last);
  }
}
