/** A field id is at most this long (`FieldId` in the shared schema). */
const MAX_LENGTH = 40;

/**
 * A fresh field id: taken from the label where there is one ("Pain score" → `pain_score`),
 * `field` otherwise, with `_2`, `_3`… added until no existing field has it. Ids are the keys of
 * a record's data and stay with the field across versions, so they are made once, not renamed.
 */
export function newFieldId(existing: readonly string[], label = ''): string {
  const taken = new Set(existing);
  const base = slug(label) || 'field';
  if (!taken.has(base)) return base;
  for (let counter = 2; ; counter++) {
    const suffix = `_${counter}`;
    const candidate = base.slice(0, MAX_LENGTH - suffix.length) + suffix;
    if (!taken.has(candidate)) return candidate;
  }
}

/** Lower-case letters, digits and `_`, starting with a letter; '' when the label has none. */
function slug(label: string): string {
  const words = label
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase()
    .replace(/ß/g, 'ss')
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  if (!words) return '';
  const id = /^[a-z]/.test(words) ? words : `f_${words}`;
  return id.slice(0, MAX_LENGTH).replace(/_+$/, '');
}
