import { spec } from './operation-specs';
import { associationId } from '../associations';
import { ipToString } from '../../net/ipv4';
import type { Network } from '../../network/network';
import { protocolName, hasPorts } from '../../net/protocols';
import type { PortRange } from '../../model/common';
import { describe, OWNER, type Item } from './describe-items';
import { fail, ok, type OpCall, type Operation, type OpResult } from './operation';
import { natEniId } from './ops-describe-network';

/** The describe calls of security groups, their rules (with their ids) and Elastic IPs. */

/** The peering over which a group in another VPC is named (R92): the active one between the two VPCs. */
function peeringBetween(n: Network, a: string, b: string): string | undefined {
  return n.topology.peeringConnections.find(
    (p) => p.status === 'active' && [p.requester, p.accepter].sort().join() === [a, b].sort().join(),
  )?.id;
}

function permissions(
  n: Network,
  vpc: string,
  rules: {
    protocol: number;
    fromPort: number;
    toPort: number;
    peer: { kind: 'cidr'; cidrs: { text: string }[] } | { kind: 'sg'; group: { id: string; vpc: { id: string } } };
  }[],
): unknown[] {
  // a group of a peer VPC is shown with its VPC and the peering that lets it be named (R92)
  const pair = (g: { id: string; vpc: { id: string } }) => {
    const pcx = g.vpc.id === vpc ? undefined : peeringBetween(n, vpc, g.vpc.id);
    return {
      GroupId: g.id,
      UserId: OWNER,
      ...(pcx ? { VpcId: g.vpc.id, VpcPeeringConnectionId: pcx, PeeringStatus: 'active' } : {}),
    };
  };
  return rules.map((r) => ({
    IpProtocol: ipProtocol(r.protocol),
    ...(hasPorts(r.protocol)
      ? { FromPort: r.fromPort, ToPort: r.toPort }
      : r.protocol === 1
        ? { FromPort: -1, ToPort: -1 }
        : {}),
    IpRanges: r.peer.kind === 'cidr' ? r.peer.cidrs.map((c) => ({ CidrIp: c.text })) : [],
    UserIdGroupPairs: r.peer.kind === 'sg' ? [pair(r.peer.group)] : [],
    Ipv6Ranges: [],
    PrefixListIds: [],
  }));
}

function groups(n: Network): Item[] {
  return [...n.securityGroups.values()].map((g) => ({
    id: g.id,
    filters: {
      'vpc-id': [g.vpc.id],
      'group-id': [g.id],
      'group-name': [n.topology.securityGroups.find((s) => s.id === g.id)?.name ?? (g.isDefault ? 'default' : g.id)],
    },
    json: {
      GroupId: g.id,
      GroupName: n.topology.securityGroups.find((s) => s.id === g.id)?.name ?? (g.isDefault ? 'default' : g.id),
      Description: g.isDefault
        ? 'default VPC security group'
        : (n.topology.securityGroups.find((s) => s.id === g.id)?.description ?? g.id),
      VpcId: g.vpc.id,
      OwnerId: OWNER,
      IpPermissions: permissions(n, g.vpc.id, g.inbound),
      IpPermissionsEgress: permissions(n, g.vpc.id, g.outbound),
    },
  }));
}

/**
 * Elastic IPs; one a NAT gateway holds shows the gateway's interface and private address, as
 * AWS shows it (the address is in use: release-address refuses it).
 */
function addresses(n: Network): Item[] {
  return n.topology.elasticIps.map((e) => {
    const eni = e.networkInterface ? n.enis.get(e.networkInterface) : undefined;
    const nat = [...n.natGateways.values()].find(
      (g) => n.topology.natGateways.find((x) => x.id === g.id && x.state !== 'deleted')?.allocationId === e.id,
    );
    const holder = eni
      ? { eniId: eni.id, privateIp: e.privateIp ?? ipToString(eni.primaryIp), instance: eni.instance?.id }
      : nat
        ? { eniId: natEniId(nat.eni.id), privateIp: ipToString(nat.privateIp), instance: undefined }
        : undefined;
    return {
      id: e.id,
      filters: {
        'allocation-id': [e.id],
        'public-ip': [e.publicIp],
        domain: ['vpc'],
        ...(holder
          ? {
              'association-id': [associationId(n.topology, `eip:${e.id}`)],
              'network-interface-id': [holder.eniId],
              'private-ip-address': [holder.privateIp],
            }
          : {}),
        ...(holder?.instance ? { 'instance-id': [holder.instance] } : {}),
      },
      json: {
        AllocationId: e.id,
        PublicIp: e.publicIp,
        Domain: 'vpc',
        ...(holder
          ? {
              AssociationId: associationId(n.topology, `eip:${e.id}`),
              NetworkInterfaceId: holder.eniId,
              NetworkInterfaceOwnerId: OWNER,
              PrivateIpAddress: holder.privateIp,
              ...(holder.instance ? { InstanceId: holder.instance } : {}),
            }
          : {}),
        PublicIpv4Pool: 'amazon',
        NetworkBorderGroup: n.topology.region,
      },
    };
  });
}

/** IpProtocol as the API prints it: -1, tcp, udp, icmp, or the number. */
function ipProtocol(protocol: number): string {
  if (protocol === -1) return '-1';
  const name = protocolName(protocol);
  return name.startsWith('proto') ? String(protocol) : name;
}

/** One rule per row, by its id (sgr-…), as describe-security-group-rules lists them. */
export function groupRules(n: Network): Item[] {
  return n.topology.securityGroups.flatMap((g) => {
    const rows = [
      ...(g.inbound ?? []).map((r) => ({ r, egress: false, peer: r.source })),
      ...(g.outbound ?? []).map((r) => ({ r, egress: true, peer: r.destination })),
    ];
    return rows
      .filter((x) => x.r.id !== undefined)
      .map(({ r, egress, peer }) => {
        const ports: PortRange | undefined = hasPorts(r.protocol) ? (r.ports ?? { from: 0, to: 65535 }) : undefined;
        return {
          id: r.id!,
          filters: { 'group-id': [g.id], 'security-group-rule-id': [r.id!] },
          json: {
            SecurityGroupRuleId: r.id,
            GroupId: g.id,
            GroupOwnerId: OWNER,
            IsEgress: egress,
            IpProtocol: ipProtocol(r.protocol),
            FromPort: ports ? ports.from : -1,
            ToPort: ports ? ports.to : -1,
            ...(peer.startsWith('sg-')
              ? { ReferencedGroupInfo: { GroupId: peer, UserId: OWNER } }
              : peer.startsWith('pl-')
                ? { PrefixListId: peer }
                : { CidrIpv4: peer }),
            ...(r.description !== undefined ? { Description: r.description } : {}),
            Tags: [],
          },
        };
      });
  });
}

/**
 * describe-security-group-references: for each group named, the groups of other VPCs whose rules
 * reference it over a peering (what `delete-security-group` would leave stale, R92).
 */
function references(c: OpCall): OpResult {
  const n = c.state.network;
  const ids = c.args.list('group-id');
  for (const id of ids)
    if (!n.securityGroups.has(id)) return fail('InvalidGroup.NotFound', `The security group '${id}' does not exist`);
  const out: Record<string, unknown>[] = [];
  for (const id of ids) {
    const target = n.securityGroups.get(id)!;
    const vpcs = new Set<string>();
    for (const g of n.securityGroups.values())
      if (
        g.vpc !== target.vpc &&
        [...g.inbound, ...g.outbound].some((r) => r.peer.kind === 'sg' && r.peer.group === target)
      )
        vpcs.add(g.vpc.id);
    for (const vpc of [...vpcs].sort())
      out.push({
        GroupId: id,
        ReferencingVpcId: vpc,
        ...(peeringBetween(n, vpc, target.vpc.id)
          ? { VpcPeeringConnectionId: peeringBetween(n, vpc, target.vpc.id) }
          : {}),
      });
  }
  return ok({ SecurityGroupReferenceSet: out });
}

export const GROUP_DESCRIBE_OPERATIONS: Operation[] = [
  { ...spec('describe-security-group-references'), run: references },
  {
    ...spec('describe-security-groups'),
    run: (c) => describe(c, 'SecurityGroups', 'group-ids', 'InvalidGroup.NotFound', groups(c.state.network)),
  },
  {
    ...spec('describe-security-group-rules'),
    run: (c) =>
      describe(
        c,
        'SecurityGroupRules',
        'security-group-rule-ids',
        'InvalidSecurityGroupRuleId.NotFound',
        groupRules(c.state.network),
      ),
  },
  {
    ...spec('describe-addresses'),
    run: (c) => describe(c, 'Addresses', 'allocation-ids', 'InvalidAllocationID.NotFound', addresses(c.state.network)),
  },
];
