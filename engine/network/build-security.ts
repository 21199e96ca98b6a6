import { protocolName, hasPorts } from '../net/protocols';
import { ANY_IPV4, parseCidr, type Cidr } from '../net/ipv4';
import type { PortRange } from '../model/common';
import type { NaclRule } from '../model/network-acl';
import type { BuildContext } from './context';
import type { NaclRuleNode, NetworkAclNode, SecurityGroupNode, SgRuleNode } from './network';

/** AWS's default quota of rules per group and direction (R74). */
const MAX_SG_RULES = 60;
/** AWS's default quota of NACL entries per direction (R76). */
const MAX_NACL_RULES = 20;

/**
 * Creates every security group (rules come later, once members are known) and each VPC's
 * default group: `sg-default-<vpc>` unless one is declared `default: true` (R70).
 */
export function declareSecurityGroups(ctx: BuildContext): void {
  const defaults = new Map<string, string>();
  ctx.topology.securityGroups.forEach((spec, i) => {
    const path = `topology.securityGroups[${i}]`;
    if (!ctx.declare(spec.id, 'security-group', path)) return;
    if (!ctx.ref(spec.vpc, ['vpc'], `${path}.vpc`)) return;
    const vpc = ctx.network.vpcs.get(spec.vpc);
    if (!vpc) return;
    if (spec.default) {
      const other = defaults.get(vpc.id);
      if (other)
        ctx.problem(
          `${path}.default`,
          `${vpc.id} already has a default security group (${other})`,
          'InvalidParameterValue',
        );
      defaults.set(vpc.id, spec.id);
    }
    ctx.network.securityGroups.set(spec.id, {
      id: spec.id,
      vpc,
      isDefault: spec.default,
      inbound: [],
      outbound: [],
      memberIps: new Set(),
    });
  });
  for (const vpc of ctx.network.vpcs.values()) {
    if (defaults.has(vpc.id)) continue;
    const id = `sg-default-${vpc.id}`;
    if (!ctx.declare(id, 'security-group', `topology.vpcs[${ctx.topology.vpcs.findIndex((v) => v.id === vpc.id)}]`))
      continue;
    ctx.network.securityGroups.set(id, { id, vpc, isDefault: true, inbound: [], outbound: [], memberIps: new Set() });
  }
}

/** Fills in every group's rules: peers are CIDRs, groups (same or peered VPC) or prefix lists. */
export function buildSecurityRules(ctx: BuildContext): void {
  const declared = new Set<string>();
  ctx.topology.securityGroups.forEach((spec, i) => {
    const group = ctx.network.securityGroups.get(spec.id);
    if (!group || declared.has(spec.id)) return;
    declared.add(spec.id);
    const path = `topology.securityGroups[${i}]`;
    const inbound = spec.inbound ?? [];
    // A group declared without `outbound` gets AWS's default rule: all traffic out (R67).
    const outbound = spec.outbound ?? [{ protocol: -1, destination: '0.0.0.0/0' }];
    addRules(
      ctx,
      group,
      'inbound',
      inbound.map((r) => ({ ...r, peer: r.source })),
      `${path}.inbound`,
    );
    addRules(
      ctx,
      group,
      'outbound',
      outbound.map((r) => ({ ...r, peer: r.destination })),
      `${path}.outbound`,
    );
  });
  for (const group of ctx.network.securityGroups.values()) {
    // The default group allows all traffic from its own members (R70).
    if (group.isDefault)
      group.inbound.push({
        protocol: -1,
        fromPort: 0,
        toPort: 65535,
        peer: { kind: 'sg', group },
        text: `all from ${group.id}`,
      });
    if (!declared.has(group.id))
      group.outbound.push({
        protocol: -1,
        fromPort: 0,
        toPort: 65535,
        peer: { kind: 'cidr', cidrs: [ANY_IPV4] },
        text: 'all to 0.0.0.0/0',
      });
  }
}

interface RuleSpec {
  protocol: number;
  ports?: PortRange | undefined;
  peer: string;
}

function addRules(
  ctx: BuildContext,
  group: SecurityGroupNode,
  direction: 'inbound' | 'outbound',
  rules: RuleSpec[],
  path: string,
): void {
  if (rules.length > MAX_SG_RULES)
    ctx.problem(
      path,
      `${rules.length} rules; a group takes at most ${MAX_SG_RULES} per direction`,
      'RulesPerSecurityGroupLimitExceeded',
    );
  const seen = new Set<string>();
  rules.forEach((rule, k) => {
    const rulePath = `${path}[${k}]`;
    const peer = resolvePeer(
      ctx,
      group,
      rule.peer,
      `${rulePath}.${direction === 'inbound' ? 'source' : 'destination'}`,
    );
    if (!peer) return;
    const ports = portsFor(rule.protocol, rule.ports);
    const key = `${rule.protocol}|${ports.from}-${ports.to}|${rule.peer}`;
    if (seen.has(key)) {
      ctx.problem(rulePath, 'the same rule is already in this group', 'InvalidPermission.Duplicate');
      return;
    }
    seen.add(key);
    const node: SgRuleNode = {
      protocol: rule.protocol,
      fromPort: ports.from,
      toPort: ports.to,
      peer,
      text: describeRule(rule.protocol, ports, rule.peer, direction),
    };
    group[direction].push(node);
  });
}

/** TCP and UDP rules cover their port range (all ports if none); others have no ports. */
export function portsFor(protocol: number, ports: PortRange | undefined): PortRange {
  if (hasPorts(protocol) && ports) return ports;
  return { from: 0, to: 65535 };
}

function resolvePeer(
  ctx: BuildContext,
  group: SecurityGroupNode,
  text: string,
  path: string,
): SgRuleNode['peer'] | undefined {
  const cidr = parseCidr(text) ?? (/^\d+\.\d+\.\d+\.\d+$/.test(text) ? parseCidr(`${text}/32`) : undefined);
  if (cidr) return { kind: 'cidr', cidrs: [cidr.cidr] };
  if (text.startsWith('pl-')) {
    if (!ctx.ref(text, ['prefix-list'], path)) return undefined;
    const list = ctx.topology.prefixLists.find((p) => p.id === text)!;
    return { kind: 'cidr', cidrs: list.entries.map((e) => parseCidr(e)!.cidr) };
  }
  if (text.startsWith('sg-')) {
    if (!ctx.ref(text, ['security-group'], path)) return undefined;
    const other = ctx.network.securityGroups.get(text);
    if (!other) return undefined;
    // References work within a VPC, to a peered VPC in the same Region (R69, R92), and to a VPC
    // on the same transit gateway where referencing is enabled (R103).
    if (
      other.vpc !== group.vpc &&
      !peered(ctx, other.vpc.id, group.vpc.id) &&
      !sameTransitGateway(ctx, other.vpc.id, group.vpc.id)
    ) {
      // a peering deleted under the rule leaves it stale: it stays, and matches nothing (R92)
      if (peered(ctx, other.vpc.id, group.vpc.id, 'deleted')) return { kind: 'sg', group: other, stale: true };
      ctx.problem(
        path,
        `${text} is in ${other.vpc.id}, which is not peered with ${group.vpc.id}`,
        'InvalidGroup.NotFound',
      );
      return undefined;
    }
    return { kind: 'sg', group: other };
  }
  ctx.problem(path, `"${text}" is not a CIDR block, a security group id or a prefix list id`);
  return undefined;
}

/** Both VPCs attached to one transit gateway: a reference is kept, and matches only as R103 allows. */
function sameTransitGateway(ctx: BuildContext, a: string, b: string): boolean {
  return ctx.topology.transitGateways.some(
    (t) => t.attachments.some((x) => x.vpc === a) && t.attachments.some((x) => x.vpc === b),
  );
}

function peered(ctx: BuildContext, a: string, b: string, status: 'active' | 'deleted' = 'active'): boolean {
  return ctx.topology.peeringConnections.some(
    (p) => p.status === status && ((p.requester === a && p.accepter === b) || (p.requester === b && p.accepter === a)),
  );
}

function describeRule(protocol: number, ports: PortRange, peer: string, direction: 'inbound' | 'outbound'): string {
  const p = protocolName(protocol);
  const range = hasPorts(protocol)
    ? ports.from === ports.to
      ? `/${ports.from}`
      : ports.from === 0 && ports.to === 65535
        ? ''
        : `/${ports.from}-${ports.to}`
    : '';
  return `${p}${range} ${direction === 'inbound' ? 'from' : 'to'} ${peer}`;
}

/**
 * Network ACLs: each subnet has exactly one, the VPC's default (allow all) unless a custom
 * one is associated (R75); rules are evaluated lowest number first (R76).
 */
export function buildNetworkAcls(ctx: BuildContext): void {
  const defaults = new Map<string, NetworkAclNode>();
  const associated = new Map<string, string>();
  ctx.topology.networkAcls.forEach((spec, i) => {
    const path = `topology.networkAcls[${i}]`;
    if (!ctx.declare(spec.id, 'network-acl', path)) return;
    if (!ctx.ref(spec.vpc, ['vpc'], `${path}.vpc`)) return;
    const vpc = ctx.network.vpcs.get(spec.vpc);
    if (!vpc) return;
    const node: NetworkAclNode = {
      id: spec.id,
      vpc,
      isDefault: spec.default,
      inbound: naclRules(ctx, spec.inbound, `${path}.inbound`),
      outbound: naclRules(ctx, spec.outbound, `${path}.outbound`),
    };
    ctx.network.networkAcls.set(spec.id, node);
    if (spec.default) {
      if (defaults.has(vpc.id))
        ctx.problem(
          `${path}.default`,
          `${vpc.id} already has a default network ACL (${defaults.get(vpc.id)!.id})`,
          'InvalidParameterValue',
        );
      defaults.set(vpc.id, node);
    }
    spec.subnets.forEach((subnetId, k) => {
      const subPath = `${path}.subnets[${k}]`;
      if (!ctx.ref(subnetId, ['subnet'], subPath)) return;
      const subnet = ctx.network.subnets.get(subnetId);
      if (!subnet) return;
      if (subnet.vpc !== vpc)
        return ctx.problem(subPath, `${subnetId} is in ${subnet.vpc.id}, not in ${vpc.id}`, 'InvalidParameterValue');
      const other = associated.get(subnetId);
      if (other)
        return ctx.problem(
          subPath,
          `${subnetId} is already associated with ${other}; a subnet has one network ACL (R75)`,
          'Resource.AlreadyAssociated',
        );
      associated.set(subnetId, spec.id);
      subnet.networkAcl = node;
    });
  });
  const allowAll = (): NaclRuleNode[] => [
    { rule: 100, protocol: -1, fromPort: 0, toPort: 65535, icmpType: -1, icmpCode: -1, cidr: ANY_IPV4, allow: true },
  ];
  for (const vpc of ctx.network.vpcs.values()) {
    let acl = defaults.get(vpc.id);
    if (!acl) {
      const id = `acl-default-${vpc.id}`;
      acl = { id, vpc, isDefault: true, inbound: allowAll(), outbound: allowAll() };
      if (ctx.declare(id, 'network-acl', `topology.vpcs[${ctx.topology.vpcs.findIndex((v) => v.id === vpc.id)}]`))
        ctx.network.networkAcls.set(id, acl);
    }
    vpc.defaultAcl = acl;
    for (const subnet of vpc.subnets) if (!subnet.networkAcl) subnet.networkAcl = acl;
  }
}

function naclRules(ctx: BuildContext, rules: NaclRule[], path: string): NaclRuleNode[] {
  if (rules.length > MAX_NACL_RULES)
    ctx.problem(
      path,
      `${rules.length} entries; a network ACL takes at most ${MAX_NACL_RULES} per direction`,
      'NetworkAclEntryLimitExceeded',
    );
  const numbers = new Set<number>();
  const out: NaclRuleNode[] = [];
  rules.forEach((r, k) => {
    if (numbers.has(r.rule))
      return ctx.problem(
        `${path}[${k}].rule`,
        `rule number ${r.rule} is already used in this direction`,
        'NetworkAclEntryAlreadyExists',
      );
    numbers.add(r.rule);
    const ports = portsFor(r.protocol, r.ports);
    const cidr: Cidr = parseCidr(r.cidr)!.cidr;
    out.push({
      rule: r.rule,
      protocol: r.protocol,
      fromPort: ports.from,
      toPort: ports.to,
      icmpType: r.icmp?.type ?? -1,
      icmpCode: r.icmp?.code ?? -1,
      cidr,
      allow: r.action === 'allow',
    });
  });
  return out.sort((a, b) => a.rule - b.rule);
}
