/** A parameterised query: text with $1…$n placeholders and its values. Never concatenated. */
export type Query = { text: string; values: unknown[] };

const fragmentMark = Symbol('sql fragment');
type Fragment = Query & { [fragmentMark]: true };

/**
 * Tagged template for SQL. Interpolated values become parameters; an interpolated `sql` fragment
 * is spliced in with its own parameters renumbered, so queries compose without string building.
 */
export function sql(strings: TemplateStringsArray, ...values: unknown[]): Fragment {
  let text = strings[0] ?? '';
  const params: unknown[] = [];
  values.forEach((value, i) => {
    if (isFragment(value)) {
      text += value.text.replace(/\$(\d+)/g, (_, n: string) => `$${Number(n) + params.length}`);
      params.push(...value.values);
    } else {
      params.push(value);
      text += `$${params.length}`;
    }
    text += strings[i + 1] ?? '';
  });
  return { text, values: params, [fragmentMark]: true };
}

function isFragment(value: unknown): value is Fragment {
  return typeof value === 'object' && value !== null && fragmentMark in value;
}

/** Joins fragments with a separator, e.g. a list of values or conditions. */
export function join(fragments: Fragment[], separator = ', '): Fragment {
  return (
    fragments.reduce<Fragment | undefined>(
      (acc, fragment) => (acc ? sql`${acc}${raw(separator)}${fragment}` : fragment),
      undefined,
    ) ?? raw('')
  );
}

/** Trusted SQL text with no parameters (identifiers from code, never from input). */
export function raw(text: string): Fragment {
  return { text, values: [], [fragmentMark]: true };
}
