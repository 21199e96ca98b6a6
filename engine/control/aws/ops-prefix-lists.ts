import { spec } from './operation-specs';
import { parseCidr } from '../../net/ipv4';
import type { PrefixList } from '../../model/prefix-list';
import type { Topology } from '../../model/topology';
import type { AwsFailure } from '../control-state';
import { notFound } from '../topology-edit';
import { structures } from './cli-args';
import { describe, OWNER, type Item } from './describe-items';
import { applied, fail, ok, type OpCall, type Operation, type OpResult } from './operation';

/**
 * Customer-managed prefix lists: a named set of CIDR blocks a route or a rule can name (R35,
 * R69). A change names the list's current version, as the EC2 API asks, so that two editors
 * cannot overwrite each other; a list holds at most its `max-entries`.
 */

const maxOf = (p: PrefixList) => p.maxEntries ?? Math.max(10, p.entries.length);

function listJson(t: Topology, p: PrefixList, state = 'create-complete'): Record<string, unknown> {
  return {
    PrefixListId: p.id,
    AddressFamily: 'IPv4',
    State: state,
    PrefixListArn: `arn:aws:ec2:${t.region}:${OWNER}:prefix-list/${p.id}`,
    PrefixListName: p.name ?? p.id,
    MaxEntries: maxOf(p),
    Version: p.version,
    OwnerId: OWNER,
  };
}

function lists(t: Topology): Item[] {
  return t.prefixLists.map((p) => ({
    id: p.id,
    filters: { 'prefix-list-id': [p.id], 'prefix-list-name': [p.name ?? p.id], 'owner-id': [OWNER] },
    json: { ...listJson(t, p), Tags: [] },
  }));
}

/** `--entries Cidr=10.0.0.0/16,Description=x …` (or JSON): canonical CIDR blocks. */
function entriesOf(values: string[], option: string): string[] | AwsFailure {
  if (values.length === 0) return [];
  const list = structures(values, option);
  if ('error' in list) return { code: 'InvalidParameterValue', message: list.error };
  const out: string[] = [];
  for (const e of list) {
    const parsed = typeof e.Cidr === 'string' ? parseCidr(e.Cidr) : undefined;
    if (!parsed) return { code: 'InvalidParameterValue', message: `The CIDR '${String(e.Cidr)}' is invalid.` };
    out.push(parsed.cidr.text);
  }
  return out;
}

function tooMany(p: PrefixList, count: number): AwsFailure | undefined {
  return count > maxOf(p)
    ? { code: 'PrefixListMaxEntriesExceeded', message: `The prefix list ${p.id} has a maximum of ${maxOf(p)} entries.` }
    : undefined;
}

function create(call: OpCall): OpResult {
  const family = call.args.get('address-family')!;
  if (family !== 'IPv4') return fail('InvalidParameterValue', `The address family ${family} is not modelled: use IPv4`);
  const max = Number(call.args.get('max-entries'));
  if (!Number.isInteger(max) || max < 1 || max > 1000)
    return fail('InvalidParameterValue', `Invalid value '${call.args.get('max-entries')}' for max-entries: use 1-1000`);
  const entries = entriesOf(call.args.list('entries'), 'entries');
  if (!Array.isArray(entries)) return { ok: false, failure: entries };
  const id = call.state.newId('pl-', call.stepId);
  const list: PrefixList = { id, name: call.args.get('prefix-list-name')!, entries, maxEntries: max, version: 1 };
  const r = applied(call, (t) => {
    const over = tooMany(list, entries.length);
    if (over) return over;
    t.prefixLists.push(list);
    return undefined;
  });
  return r.ok ? ok({ PrefixList: listJson(call.state.topology, list, 'create-in-progress') }) : r;
}

function modify(call: OpCall): OpResult {
  const id = call.args.get('prefix-list-id')!;
  const version = call.args.get('current-version');
  const add = entriesOf(call.args.list('add-entries'), 'add-entries');
  if (!Array.isArray(add)) return { ok: false, failure: add };
  const remove = entriesOf(call.args.list('remove-entries'), 'remove-entries');
  if (!Array.isArray(remove)) return { ok: false, failure: remove };
  let changed: PrefixList | undefined;
  const r = applied(call, (t) => {
    const p = t.prefixLists.find((x) => x.id === id);
    if (!p) return notFound('InvalidPrefixListID.NotFound', 'prefix list ID', id);
    if ((add.length > 0 || remove.length > 0) && version === undefined)
      return { code: 'MissingParameter', message: 'The request must contain the parameter CurrentVersion' };
    if (version !== undefined && Number(version) !== p.version)
      return {
        code: 'PrefixListVersionMismatch',
        message: `The prefix list ${id} has version ${p.version}, not ${version}.`,
      };
    for (const c of remove) {
      if (!p.entries.includes(c))
        return { code: 'InvalidPrefixListModification', message: `The prefix list ${id} has no entry ${c}.` };
      p.entries = p.entries.filter((e) => e !== c);
    }
    for (const c of add) {
      if (p.entries.includes(c))
        return { code: 'InvalidPrefixListModification', message: `The prefix list ${id} already has an entry ${c}.` };
      p.entries.push(c);
    }
    const name = call.args.get('prefix-list-name');
    if (name) p.name = name;
    const max = call.args.get('max-entries');
    if (max) p.maxEntries = Number(max);
    const over = tooMany(p, p.entries.length);
    if (over) return over;
    if (add.length > 0 || remove.length > 0) p.version += 1;
    changed = p;
    return undefined;
  });
  return r.ok ? ok({ PrefixList: listJson(call.state.topology, changed!, 'modify-in-progress') }) : r;
}

function entries(call: OpCall): OpResult {
  const id = call.args.get('prefix-list-id')!;
  const p = call.state.topology.prefixLists.find((x) => x.id === id);
  if (!p) return { ok: false, failure: notFound('InvalidPrefixListID.NotFound', 'prefix list ID', id) };
  return ok({ Entries: p.entries.map((Cidr) => ({ Cidr })) });
}

export const PREFIX_LIST_OPERATIONS: Operation[] = [
  {
    ...spec('describe-managed-prefix-lists'),
    run: (c) => describe(c, 'PrefixLists', 'prefix-list-ids', 'InvalidPrefixListID.NotFound', lists(c.state.topology)),
  },
  {
    ...spec('get-managed-prefix-list-entries'),
    run: entries,
  },
  {
    ...spec('create-managed-prefix-list'),
    run: create,
  },
  {
    ...spec('modify-managed-prefix-list'),
    run: modify,
  },
];
