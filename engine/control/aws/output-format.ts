import { search } from '@jmespath-community/jmespath';

/** What `--output` may say, as the CLI prints each (yaml-stream, for paginated streams, is refused). */
export const OUTPUT_FORMATS = ['json', 'text', 'table', 'yaml'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

/** Applies `--query` (JMESPath, as the AWS CLI does) to a call's answer, or says why it cannot. */
export function applyQuery(
  value: unknown,
  expression: string,
): { ok: true; value: unknown } | { ok: false; error: string } {
  try {
    return { ok: true, value: search(value as Parameters<typeof search>[0], legacyLiterals(expression)) };
  } catch (e) {
    // the CLI's own words for a malformed expression
    return { ok: false, error: `Bad value for --query ${expression}: ${(e as Error).message}` };
  }
}

/** An answer printed as `--output json` prints it: four-space indents; nothing for an empty answer. */
export function formatJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length === 0) return '';
  return JSON.stringify(value, null, 4);
}

/** A scalar as Python's `str()` writes it: the CLI's text output comes from there. */
function scalar(v: unknown): string {
  if (v === true) return 'True';
  if (v === false) return 'False';
  if (v === null || v === undefined) return 'None';
  return String(v);
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isNested = (v: unknown) => typeof v === 'object' && v !== null;

/**
 * An answer printed as `--output text` prints it (the AWS CLI's text formatter): a dictionary's
 * scalars on one tab-separated line, keys in sorted order, after the upper-cased name of the key
 * that held it; each nested list or dictionary on the lines after; a list of scalars on one line.
 * In a list of dictionaries every row has the scalar keys of all of them, blank where missing.
 */
export function formatText(value: unknown): string {
  const out: string[] = [];
  const walk = (item: unknown, identifier?: string, scalarKeys?: string[]) => {
    if (isObject(item)) dict(item, identifier, scalarKeys);
    else if (Array.isArray(item)) list(item, identifier);
    else out.push(scalar(item));
  };
  const scalarList = (items: unknown[], identifier?: string) => {
    if (identifier !== undefined) for (const v of items) out.push(`${identifier.toUpperCase()}\t${scalar(v)}`);
    else out.push(items.map(scalar).join('\t'));
  };
  const list = (items: unknown[], identifier?: string) => {
    if (items.length === 0) return;
    if (items.some(isObject)) {
      const keys = [
        ...new Set(items.filter(isObject).flatMap((d) => Object.keys(d).filter((k) => !isNested(d[k])))),
      ].sort();
      for (const el of items) walk(el, identifier, keys);
    } else if (items.some(Array.isArray)) {
      const scalars = items.filter((el) => !isNested(el));
      if (scalars.length > 0) scalarList(scalars, identifier);
      for (const el of items.filter(isNested)) walk(el, identifier);
    } else scalarList(items, identifier);
  };
  const dict = (item: Record<string, unknown>, identifier?: string, scalarKeys?: string[]) => {
    const scalars: string[] = [];
    const nested: [string, unknown][] = [];
    if (scalarKeys === undefined) {
      for (const k of Object.keys(item).sort()) {
        if (isNested(item[k])) nested.push([k, item[k]]);
        else scalars.push(scalar(item[k]));
      }
    } else {
      for (const k of scalarKeys) scalars.push(k in item ? scalar(item[k]) : '');
      for (const k of Object.keys(item)
        .filter((x) => !scalarKeys.includes(x))
        .sort())
        nested.push([k, item[k]]);
    }
    if (scalars.length > 0)
      out.push((identifier !== undefined ? [identifier.toUpperCase(), ...scalars] : scalars).join('\t'));
    for (const [k, v] of nested) walk(v, k);
  };
  walk(value);
  return out.join('\n');
}

/**
 * The CLI's JMESPath (jmespath.py) still takes a literal that is not JSON, such as
 * `` `vpc-123` ``, as the string it spells (the specification's legacy form, which AWS's own
 * examples use); the JavaScript implementation wants JSON, so such a literal is quoted first.
 */
function legacyLiterals(expression: string): string {
  return expression.replace(/`((?:[^`\\]|\\.)*)`/g, (whole, body: string) => {
    const text = body.replace(/\\`/g, '`');
    try {
      JSON.parse(text);
      return whole;
    } catch {
      return `\`${JSON.stringify(text.trim())}\``;
    }
  });
}
