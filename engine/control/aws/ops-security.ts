import { hasPorts } from '../../net/protocols';
import { spec } from './operation-specs';
import { parseCidr } from '../../net/ipv4';
import { PortsSchema, ProtocolSchema, type PortRange } from '../../model/common';
import type { SecurityGroup } from '../../model/security-group';
import type { AwsFailure } from '../control-state';
import { isFailure, securityGroupIn } from '../topology-edit';
import { structures } from './cli-args';
import { applied, ok, type OpCall, type Operation, type OpResult } from './operation';

interface RuleSpec {
  protocol: number;
  ports?: PortRange;
  peer: string;
}

export function protocolOf(text: string | undefined): number | AwsFailure {
  const p = ProtocolSchema.safeParse(text ?? '');
  return p.success
    ? p.data
    : { code: 'InvalidParameterValue', message: `Invalid value '${text}' for IP protocol. Unknown protocol.` };
}

/** `--ip-permissions` as JSON (`[{…}]`) or as shorthand structures, one per value, as the CLI takes them. */
function permissionsOf(values: string[]): Record<string, unknown>[] | AwsFailure {
  const out = structures(values, 'ip-permissions');
  return 'error' in out ? { code: 'InvalidParameterValue', message: out.error } : out;
}

/** A shorthand or JSON list of structures: always a list. */
const listOf = (v: unknown): Record<string, unknown>[] =>
  (Array.isArray(v) ? v : v === undefined ? [] : [v]) as Record<string, unknown>[];

function rulesOf(call: OpCall): RuleSpec[] | AwsFailure {
  const given = call.args.list('ip-permissions');
  if (given.length > 0) {
    const perms = permissionsOf(given);
    if (isFailure(perms)) return perms;
    const out: RuleSpec[] = [];
    for (const p of perms) {
      const protocol = protocolOf(String(p.IpProtocol ?? '-1'));
      if (isFailure(protocol)) return protocol;
      const ports = portsOf(protocol, p.FromPort === undefined ? undefined : `${p.FromPort}-${p.ToPort ?? p.FromPort}`);
      if (isFailure(ports)) return ports;
      const peers = [
        ...listOf(p.IpRanges).map((r) => r.CidrIp),
        ...listOf(p.UserIdGroupPairs).map((g) => g.GroupId),
      ].filter((x): x is string => typeof x === 'string' && x !== '');
      for (const peer of peers) out.push({ protocol, ...(ports ? { ports } : {}), peer });
    }
    return out;
  }
  const protocol = protocolOf(call.args.get('protocol'));
  if (isFailure(protocol)) return protocol;
  const ports = portsOf(protocol, call.args.get('port'));
  if (isFailure(ports)) return ports;
  const peer = call.args.get('cidr') ?? call.args.get('source-group');
  if (!peer)
    return { code: 'MissingParameter', message: 'Either --cidr or --source-group (or --ip-permissions) is required' };
  if (!peer.startsWith('sg-') && !parseCidr(peer))
    return { code: 'InvalidParameterValue', message: `CIDR block ${peer} is malformed` };
  return [{ protocol, ...(ports ? { ports } : {}), peer: peer.startsWith('sg-') ? peer : parseCidr(peer)!.cidr.text }];
}

function portsOf(protocol: number, text: string | undefined): PortRange | undefined | AwsFailure {
  if (!hasPorts(protocol)) return undefined;
  if (text === undefined || text === '-1' || text === '-1--1') return undefined;
  const p = PortsSchema.safeParse(text);
  return p.success ? p.data : { code: 'InvalidParameterValue', message: `Invalid port range ${text}` };
}

const samePorts = (a?: PortRange, b?: PortRange) =>
  (a?.from ?? 0) === (b?.from ?? 0) && (a?.to ?? 65535) === (b?.to ?? 65535);

/** Adds or removes rules of a group; AWS's default egress rule is written out before an edit (R67). */
function sgEdit(call: OpCall, direction: 'inbound' | 'outbound', kind: 'authorize' | 'revoke'): OpResult {
  const ruleIds = call.args.list('security-group-rule-ids');
  if (kind === 'revoke' && ruleIds.length > 0) return revokeById(call, direction, ruleIds);
  const rules = rulesOf(call);
  if (isFailure(rules)) return { ok: false, failure: rules };
  const groupId = call.args.get('group-id')!;
  const result = applied(call, (t) => {
    const group = securityGroupIn(t, groupId);
    if (isFailure(group)) return group;
    const list = current(group, direction);
    const key = direction === 'inbound' ? 'source' : 'destination';
    for (const r of rules) {
      const i = list.findIndex((x) => x.protocol === r.protocol && samePorts(x.ports, r.ports) && peerOf(x) === r.peer);
      if (kind === 'revoke') {
        if (i < 0)
          return {
            code: 'InvalidPermission.NotFound',
            message: `The specified rule does not exist in this security group.`,
          };
        list.splice(i, 1);
      } else {
        if (i >= 0)
          return {
            code: 'InvalidPermission.Duplicate',
            message: `the specified rule "peer: ${r.peer}, ${r.protocol === -1 ? 'ALL' : r.protocol}, ALLOW" already exists`,
          };
        list.push({ protocol: r.protocol, ...(r.ports ? { ports: r.ports } : {}), [key]: r.peer } as never);
      }
    }
    return undefined;
  });
  if (!result.ok) return result;
  if (kind === 'revoke') return ok({ Return: true });
  // authorize answers with the new rules and the ids they were given
  const group = call.state.topology.securityGroups.find((g) => g.id === groupId);
  const list = (direction === 'inbound' ? group?.inbound : group?.outbound) ?? [];
  const added = list.filter((x) =>
    rules.some((r) => x.protocol === r.protocol && samePorts(x.ports, r.ports) && peerOf(x as AnyRule) === r.peer),
  );
  return ok({
    Return: true,
    SecurityGroupRules: added.map((x) => ({
      SecurityGroupRuleId: x.id,
      GroupId: groupId,
      IsEgress: direction === 'outbound',
    })),
  });
}

/** `--security-group-rule-ids`: the rules of this group and direction with those ids, all or none. */
function revokeById(call: OpCall, direction: 'inbound' | 'outbound', ids: string[]): OpResult {
  const groupId = call.args.get('group-id')!;
  const r = applied(call, (t) => {
    const group = securityGroupIn(t, groupId);
    if (isFailure(group)) return group;
    const list = current(group, direction) as (AnyRule & { id?: string })[];
    for (const id of ids) {
      const i = list.findIndex((x) => x.id === id);
      if (i < 0)
        return {
          code: 'InvalidSecurityGroupRuleId.NotFound',
          message: `The security group rule ID '${id}' does not exist in ${direction === 'inbound' ? 'the ingress rules' : 'the egress rules'} of ${groupId}`,
        };
      list.splice(i, 1);
    }
    return undefined;
  });
  return r.ok ? ok({ Return: true }) : r;
}

type AnyRule = { protocol: number; ports?: PortRange | undefined; source?: string; destination?: string };

function current(group: SecurityGroup, direction: 'inbound' | 'outbound'): AnyRule[] {
  if (direction === 'inbound') return (group.inbound ??= []) as AnyRule[];
  return (group.outbound ??= [{ protocol: -1, destination: '0.0.0.0/0' }]) as AnyRule[];
}

function peerOf(r: AnyRule): string {
  const p = r.source ?? r.destination ?? '';
  return p.startsWith('sg-') ? p : (parseCidr(p)?.cidr.text ?? p);
}

export const SECURITY_OPERATIONS: Operation[] = [
  {
    ...spec('authorize-security-group-ingress'),
    run: (c) => sgEdit(c, 'inbound', 'authorize'),
  },
  {
    ...spec('revoke-security-group-ingress'),
    run: (c) => sgEdit(c, 'inbound', 'revoke'),
  },
  {
    ...spec('authorize-security-group-egress'),
    run: (c) => sgEdit(c, 'outbound', 'authorize'),
  },
  {
    ...spec('revoke-security-group-egress'),
    run: (c) => sgEdit(c, 'outbound', 'revoke'),
  },
];
