import { tagFilters, tagsOf } from '../tags';
import { structures } from './cli-args';
import { fail, ok, type OpCall, type OpResult } from './operation';

/** A described item with the fields `--filters Name=...` can match. */
export interface Item {
  json: Record<string, unknown>;
  id: string;
  filters: Record<string, string[]>;
}

export const OWNER = '123456789012';

/**
 * Runs a describe call: `--<ids>` picks items by id (an unknown id is an error, as in AWS),
 * `--filters Name=x,Values=a,b` narrows them.
 */
export function describe(call: OpCall, key: string, idsOption: string, notFound: string, items: Item[]): OpResult {
  const ids = call.args.list(idsOption);
  for (const id of ids) if (!items.some((i) => i.id === id)) return fail(notFound, `The ID '${id}' does not exist`);
  // every described resource carries its tags (`Tags`, printed when it has some, or when the
  // call always prints the key) and answers the tag filters (`tag:<key>`, `tag-key`, `tag-value`)
  const t = call.state.topology;
  const tagged = items.map((i) => {
    const tags = tagsOf(t, i.id);
    const json = 'Tags' in i.json || tags.length > 0 ? { ...i.json, Tags: tags } : i.json;
    return { ...i, json, filters: { ...tagFilters(tags), ...i.filters } };
  });
  let out = ids.length > 0 ? tagged.filter((i) => ids.includes(i.id)) : tagged;
  // describe-nat-gateways spells it --filter (the EC2 API's NatGateway calls do)
  const given = [...call.args.list('filters'), ...call.args.list('filter')];
  const filters = given.length > 0 ? structures(given, call.args.has('filter') ? 'filter' : 'filters') : [];
  if ('error' in filters) return fail('InvalidParameterValue', filters.error);
  const known = new Set(tagged.flatMap((i) => Object.keys(i.filters)));
  for (const f of filters) {
    const name = f.Name;
    const values = (Array.isArray(f.Values) ? f.Values : f.Values === undefined ? [] : [f.Values]).map(String);
    if (typeof name !== 'string' || name === '' || values.length === 0)
      return fail(
        'InvalidParameterValue',
        `The filter is not Name=<name>,Values=<value>[,<value>]: ${JSON.stringify(f)}`,
      );
    if (tagged.length > 0 && !known.has(name) && !name.startsWith('tag:'))
      return fail('InvalidParameterValue', `The filter '${name}' is invalid`);
    const patterns = values.map(filterPattern);
    out = out.filter((i) => (i.filters[name] ?? []).some((v) => patterns.some((p) => p.test(v))));
  }
  return ok({ [key]: out.map((i) => i.json) });
}

/**
 * A filter value as EC2 reads it: `*` matches any run of characters, `?` one character, and a
 * backslash escapes them (EC2 API reference, "Filtering": "You can use wildcards with filter values").
 */
function filterPattern(value: string): RegExp {
  let re = '';
  for (let i = 0; i < value.length; i++) {
    const c = value[i]!;
    if (c === '\\' && i + 1 < value.length) re += value[++i]!.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    else if (c === '*') re += '.*';
    else if (c === '?') re += '.';
    else re += c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`, 's');
}
