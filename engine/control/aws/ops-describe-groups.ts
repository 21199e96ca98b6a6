import { spec } from './operation-specs';
import { associationId } from '../associations';
import { ipToString } from '../../net/ipv4';
import type { Network } from '../../network/network';
import { protocolName, hasPorts } from '../../net/protocols';
import type { PortRange } from '../../model/common';
import { describe, OWNER, type Item } from './describe-items';
import type { Operation } from './operation';
import { natEniId } from './ops-describe-network';

/** The describe calls of security groups, their rules (with their ids) and Elastic IPs. */

function permissions(
  rules: {
    protocol: number;
    fromPort: number;
    toPort: number;
    peer: { kind: 'cidr'; cidrs: { text: string }[] } | { kind: 'sg'; group: { id: string } };
  }[],
): unknown[] {
  return rules.map((r) => ({
    IpProtocol: ipProtocol(r.protocol),
    ...(hasPorts(r.protocol)
      ? { FromPort: r.fromPort, ToPort: r.toPort }
      : r.protocol === 1
        ? { FromPort: -1, ToPort: -1 }
        : {}),
    IpRanges: r.peer.kind === 'cidr' ? r.peer.cidrs.map((c) => ({ CidrIp: c.text })) : [],
    UserIdGroupPairs: r.peer.kind === 'sg' ? [{ GroupId: r.peer.group.id, UserId: OWNER }] : [],
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
      IpPermissions: permissions(g.inbound),
      IpPermissionsEgress: permissions(g.outbound),
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

export const GROUP_DESCRIBE_OPERATIONS: Operation[] = [
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
