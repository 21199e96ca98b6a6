import { hasPorts, ICMP } from '../../net/protocols';
import { parseCidr } from '../../net/ipv4';
import { PortsSchema, type PortRange } from '../../model/common';
import { IcmpTypeCodeSchema, type IcmpTypeCode, type NaclRule } from '../../model/network-acl';
import type { AwsFailure } from '../control-state';
import { isFailure, networkAclIn } from '../topology-edit';
import { structures } from './cli-args';
import { applied, fail, ok, type OpCall, type Operation, type OpResult } from './operation';
import { spec } from './operation-specs';
import { currentAssociations, replaceAssociation } from '../associations';
import { protocolOf } from './ops-security';

/** One structure parameter (`--port-range From=22,To=22` or `{"From":22,"To":22}`). */
function structureOf(call: OpCall, option: string): Record<string, unknown> | undefined | AwsFailure {
  const text = call.args.get(option);
  if (text === undefined) return undefined;
  const list = structures([text], option);
  if ('error' in list) return { code: 'InvalidParameterValue', message: list.error };
  return list[0];
}

/**
 * `--port-range`: required for TCP (6) and UDP (17), ignored for other protocols
 * (CreateNetworkAclEntry API reference: "Required if specifying protocol 6 (TCP) or 17 (UDP)").
 * AWS documents no error code for its absence; MissingParameter is what it answers for the
 * ICMP counterpart, icmpTypeCode.
 */
function portRangeOf(call: OpCall, protocol: number): PortRange | undefined | AwsFailure {
  if (!hasPorts(protocol)) return undefined;
  const range = structureOf(call, 'port-range');
  if (range === undefined)
    return { code: 'MissingParameter', message: 'The request must contain the parameter portRange' };
  if (isFailure(range)) return range;
  const ports = PortsSchema.safeParse(`${String(range.From)}-${String(range.To ?? range.From)}`);
  if (range.From === undefined || !ports.success)
    return {
      code: 'InvalidParameterValue',
      message: `Invalid value '${call.args.get('port-range')}' for portRange. Must specify both from and to ports with TCP/UDP.`,
    };
  return ports.data;
}

/**
 * `--icmp-type-code Type=8,Code=-1`: required for ICMP (1), where AWS answers
 * `MissingParameter: The request must contain the parameter icmpTypeCode.type` without it;
 * -1 is any type or code.
 */
function icmpOf(call: OpCall, protocol: number): IcmpTypeCode | undefined | AwsFailure {
  if (protocol !== ICMP) return undefined;
  const given = structureOf(call, 'icmp-type-code');
  if (given !== undefined && isFailure(given)) return given;
  if (given?.Type === undefined)
    return { code: 'MissingParameter', message: 'The request must contain the parameter icmpTypeCode.type' };
  const parsed = IcmpTypeCodeSchema.safeParse({
    type: Number(given.Type),
    ...(given.Code !== undefined ? { code: Number(given.Code) } : {}),
  });
  if (!parsed.success)
    return {
      code: 'InvalidParameterValue',
      message: `Invalid value '${call.args.get('icmp-type-code')}' for icmpTypeCode: type and code are -1 or 0-255`,
    };
  return parsed.data;
}

/** The entry a create or replace call describes, or why AWS refuses it. */
function entryOf(call: OpCall, number: number): NaclRule | AwsFailure {
  const protocol = protocolOf(call.args.get('protocol'));
  if (isFailure(protocol)) return protocol;
  const ports = portRangeOf(call, protocol);
  if (ports !== undefined && isFailure(ports)) return ports;
  const icmp = icmpOf(call, protocol);
  if (icmp !== undefined && isFailure(icmp)) return icmp;
  const cidr = call.args.get('cidr-block');
  if (!cidr || !parseCidr(cidr)) return { code: 'InvalidParameterValue', message: `Invalid CIDR block ${cidr}` };
  const action = call.args.get('rule-action');
  if (action !== 'allow' && action !== 'deny')
    return { code: 'InvalidParameterValue', message: `Invalid rule action ${action}: use allow or deny` };
  return {
    rule: number,
    protocol,
    ...(ports ? { ports } : {}),
    ...(icmp ? { icmp } : {}),
    cidr: parseCidr(cidr)!.cidr.text,
    action,
  };
}

/** NACL entries: numbered, per direction; a number can be used once (R76). */
function naclEntry(call: OpCall, kind: 'create' | 'replace' | 'delete'): OpResult {
  const aclId = call.args.get('network-acl-id')!;
  const egress = call.args.has('egress');
  const number = Number(call.args.get('rule-number'));
  if (!Number.isInteger(number) || number < 1 || number > 32766)
    return fail('InvalidParameterValue', `Invalid rule number ${call.args.get('rule-number')}: use 1-32766`);
  const rule = kind === 'delete' ? undefined : entryOf(call, number);
  if (rule && isFailure(rule)) return { ok: false, failure: rule };
  return applied(call, (t) => {
    const acl = networkAclIn(t, aclId);
    if (isFailure(acl)) return acl;
    const list = egress ? acl.outbound : acl.inbound;
    const i = list.findIndex((r) => r.rule === number);
    if (kind === 'create') {
      if (i >= 0)
        return {
          code: 'NetworkAclEntryAlreadyExists',
          message: `The network acl entry identified by ${number} already exists.`,
        };
      list.push(rule!);
    } else if (i < 0) {
      return {
        code: 'InvalidNetworkAclEntry.NotFound',
        message: `The network acl entry identified by ${number} does not exist`,
      };
    } else if (kind === 'replace') list[i] = rule!;
    else list.splice(i, 1);
    return undefined;
  });
}

function replaceAclAssociation(call: OpCall): OpResult {
  const assoc = call.args.get('association-id')!;
  const aclId = call.args.get('network-acl-id')!;
  let issued = '';
  const r = applied(call, (t) => {
    // the id describe-network-acls prints now; while it is the first one, the subnet's own
    // id after aclassoc- names it too (aclassoc-subnet-app)
    const found = currentAssociations(t).get(assoc);
    const subnet =
      found?.key.startsWith('acl:') === true
        ? found.subject
        : t.subnets.find((s) => `aclassoc-${s.id}` === assoc && !(`acl:${s.id}` in t.associationIds))?.id;
    if (!subnet)
      return { code: 'InvalidAssociationID.NotFound', message: `The association ID '${assoc}' does not exist` };
    const acl = networkAclIn(t, aclId);
    if (isFailure(acl)) return acl;
    for (const a of t.networkAcls) a.subnets = a.subnets.filter((s) => s !== subnet);
    acl.subnets.push(subnet);
    issued = replaceAssociation(t, `acl:${subnet}`, call.stepId);
    return undefined;
  });
  return r.ok ? ok({ NewAssociationId: issued }) : r;
}

export const NETWORK_ACL_OPERATIONS: Operation[] = [
  {
    ...spec('create-network-acl-entry'),
    run: (c) => naclEntry(c, 'create'),
  },
  {
    ...spec('replace-network-acl-entry'),
    run: (c) => naclEntry(c, 'replace'),
  },
  {
    ...spec('delete-network-acl-entry'),
    run: (c) => naclEntry(c, 'delete'),
  },
  {
    ...spec('replace-network-acl-association'),
    run: replaceAclAssociation,
  },
];
