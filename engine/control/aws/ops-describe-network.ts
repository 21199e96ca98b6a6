import { hasPorts, ICMP } from '../../net/protocols';
import { spec } from './operation-specs';
import { ipToString } from '../../net/ipv4';
import type { NaclRuleNode, Network } from '../../network/network';
import { describe, OWNER, type Item } from './describe-items';
import type { Operation } from './operation';
import { cidrAssociationId } from './ops-vpc-lifecycle';
import { associationId } from '../associations';

/** The describe calls of a VPC's own resources and its edges: VPCs, internet and NAT gateways, network ACLs. */
function vpcs(n: Network): Item[] {
  return [...n.vpcs.values()].map((v) => ({
    id: v.id,
    filters: {
      'vpc-id': [v.id],
      'cidr-block': v.cidrs.map((c) => c.text),
      cidr: v.cidrs.map((c) => c.text),
      state: ['available'],
    },
    json: {
      CidrBlock: v.cidrs[0]!.text,
      DhcpOptionsId: 'default',
      State: 'available',
      VpcId: v.id,
      OwnerId: OWNER,
      InstanceTenancy: 'default',
      CidrBlockAssociationSet: v.cidrs.map((c, i) => ({
        AssociationId: cidrAssociationId(v.id, i),
        CidrBlock: c.text,
        CidrBlockState: { State: 'associated' },
      })),
      IsDefault: false,
    },
  }));
}

function internetGateways(n: Network): Item[] {
  return [...n.internetGateways.values()].map((g) => ({
    id: g.id,
    filters: {
      'internet-gateway-id': [g.id],
      ...(g.vpc ? { 'attachment.vpc-id': [g.vpc.id], 'attachment.state': ['available'] } : {}),
    },
    // an attached gateway's attachment state reads "available" (the API's wording for attached)
    json: {
      Attachments: g.vpc ? [{ State: 'available', VpcId: g.vpc.id }] : [],
      InternetGatewayId: g.id,
      OwnerId: OWNER,
      Tags: [],
    },
  }));
}

/**
 * How long a new NAT gateway answers `pending` in describes, in simulated seconds. AWS takes
 * a few minutes; assumption (the spec is silent, the lab format makes steps instant): the
 * simulator forwards through a NAT gateway as soon as it is created, and only its state as
 * described waits, so `aws ec2 wait nat-gateway-available` and a learner's describe see AWS's order.
 */
export const NAT_PENDING_SECONDS = 60;

/** The id AWS shows for a NAT gateway's own interface (the engine names it after the gateway). */
export function natEniId(id: string): string {
  return id.startsWith('eni-') ? id : `eni-${id}`;
}

function natGateways(n: Network, now: number): Item[] {
  return n.topology.natGateways.map((t) => {
    const node = n.natGateways.get(t.id);
    const subnet = n.subnets.get(t.subnet);
    const state =
      t.state === 'deleted'
        ? 'deleted'
        : t.createdAt !== undefined && now < t.createdAt + NAT_PENDING_SECONDS
          ? 'pending'
          : 'available';
    const privateIp = node ? ipToString(node.privateIp) : t.privateIp;
    const publicIp =
      node?.publicIp !== undefined
        ? ipToString(node.publicIp)
        : (t.publicIp ?? n.topology.elasticIps.find((e) => e.id === t.allocationId)?.publicIp);
    return {
      id: t.id,
      filters: {
        'nat-gateway-id': [t.id],
        'subnet-id': [t.subnet],
        state: [state],
        ...(subnet ? { 'vpc-id': [subnet.vpc.id] } : {}),
      },
      json: {
        ConnectivityType: t.connectivity,
        // A deleted gateway keeps listing the address it held (AWS retains the AllocationId on
        // deleted NAT gateways, gardener/gardener-extension-provider-aws#1879), though the
        // Elastic IP itself is free again (DeleteNatGateway).
        NatGatewayAddresses: [
          {
            ...(t.allocationId ? { AllocationId: t.allocationId } : {}),
            NetworkInterfaceId: natEniId(node?.eni.id ?? t.id),
            ...(privateIp !== undefined ? { PrivateIp: privateIp } : {}),
            ...(publicIp ? { PublicIp: publicIp } : {}),
            IsPrimary: true,
            Status: 'succeeded',
          },
        ],
        NatGatewayId: t.id,
        State: state,
        SubnetId: t.subnet,
        ...(subnet ? { VpcId: subnet.vpc.id } : {}),
        Tags: [],
      },
    };
  });
}

function aclEntry(r: NaclRuleNode, egress: boolean): Record<string, unknown> {
  const ports = hasPorts(r.protocol);
  return {
    CidrBlock: r.cidr.text,
    Egress: egress,
    Protocol: String(r.protocol),
    RuleAction: r.allow ? 'allow' : 'deny',
    RuleNumber: r.rule,
    ...(ports ? { PortRange: { From: r.fromPort, To: r.toPort } } : {}),
    ...(r.protocol === ICMP ? { IcmpTypeCode: { Code: r.icmpCode, Type: r.icmpType } } : {}),
  };
}

function networkAcls(n: Network): Item[] {
  return [...n.networkAcls.values()].map((a) => {
    const served = [...n.subnets.values()].filter((s) => s.networkAcl === a);
    // every network ACL ends with the rule AWS adds and nobody can change: * deny all (R76)
    const last = (egress: boolean) => ({
      CidrBlock: '0.0.0.0/0',
      Egress: egress,
      Protocol: '-1',
      RuleAction: 'deny',
      RuleNumber: 32767,
    });
    return {
      id: a.id,
      filters: {
        'network-acl-id': [a.id],
        'vpc-id': [a.vpc.id],
        default: [String(a.isDefault)],
        'association.subnet-id': served.map((s) => s.id),
      },
      json: {
        Associations: served.map((s) => ({
          NetworkAclAssociationId: associationId(n.topology, `acl:${s.id}`),
          NetworkAclId: a.id,
          SubnetId: s.id,
        })),
        Entries: [
          ...a.outbound.map((r) => aclEntry(r, true)),
          last(true),
          ...a.inbound.map((r) => aclEntry(r, false)),
          last(false),
        ],
        IsDefault: a.isDefault,
        NetworkAclId: a.id,
        Tags: [],
        VpcId: a.vpc.id,
        OwnerId: OWNER,
      },
    };
  });
}

export const NETWORK_DESCRIBE_OPERATIONS: Operation[] = [
  {
    ...spec('describe-vpcs'),
    run: (c) => describe(c, 'Vpcs', 'vpc-ids', 'InvalidVpcID.NotFound', vpcs(c.state.network)),
  },
  {
    ...spec('describe-internet-gateways'),
    run: (c) =>
      describe(
        c,
        'InternetGateways',
        'internet-gateway-ids',
        'InvalidInternetGatewayID.NotFound',
        internetGateways(c.state.network),
      ),
  },
  {
    ...spec('describe-nat-gateways'),
    run: (c) =>
      describe(
        c,
        'NatGateways',
        'nat-gateway-ids',
        'NatGatewayNotFound',
        natGateways(c.state.network, c.state.world.time),
      ),
  },
  {
    ...spec('describe-network-acls'),
    run: (c) =>
      describe(c, 'NetworkAcls', 'network-acl-ids', 'InvalidNetworkAclID.NotFound', networkAcls(c.state.network)),
  },
];
