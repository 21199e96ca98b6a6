import { shorthand } from './cli-args';
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
  let out = ids.length > 0 ? items.filter((i) => ids.includes(i.id)) : items;
  // describe-nat-gateways spells it --filter (the EC2 API's NatGateway calls do)
  for (const raw of [...call.args.list('filters'), ...call.args.list('filter')]) {
    const m = /^Name=([^,]+),Values=(.*)$/.exec(raw);
    const sh = m ? { Name: m[1]!, Values: m[2]! } : shorthand(raw);
    if (!sh?.Name || sh.Values === undefined)
      return fail('InvalidParameterValue', `The filter '${raw}' is not Name=<name>,Values=<value>[,<value>]`);
    const values = sh.Values.split(',');
    out = out.filter((i) => (i.filters[sh.Name!] ?? []).some((v) => values.includes(v)));
  }
  return ok({ [key]: out.map((i) => i.json) });
}
