import { spec } from './operation-specs';
import { parseCidr } from '../../net/ipv4';
import type { Topology } from '../../model/topology';
import type { AwsFailure } from '../control-state';
import { isFailure, networkAclIn, notFound, routeTableIn } from '../topology-edit';
import { OWNER } from './describe-items';
import { applied, fail, ok, type OpCall, type Operation, type OpResult } from './operation';

/**
 * Creating and deleting a VPC's own pieces: internet gateways, the VPC and its CIDR blocks,
 * subnets' attributes, route tables and network ACLs. A delete that would leave something
 * behind is refused with `DependencyViolation`, as the EC2 API reference documents.
 */

const dependency = (kind: string, id: string): AwsFailure => ({
  code: 'DependencyViolation',
  message: `The ${kind} '${id}' has dependencies and cannot be deleted.`,
});

function vpcOf(t: Topology, id: string): AwsFailure | undefined {
  return t.vpcs.some((v) => v.id === id) ? undefined : notFound('InvalidVpcID.NotFound', 'vpc ID', id);
}

function createIgw(call: OpCall): OpResult {
  const id = call.state.newId('igw-', call.stepId);
  const r = applied(call, (t) => void t.internetGateways.push({ id }));
  return r.ok ? ok({ InternetGateway: { Attachments: [], InternetGatewayId: id, OwnerId: OWNER, Tags: [] } }) : r;
}

/** An attached gateway cannot be deleted; routes that still name it stay, as blackholes (R40). */
function deleteIgw(call: OpCall): OpResult {
  const id = call.args.get('internet-gateway-id')!;
  return applied(call, (t) => {
    const igw = t.internetGateways.find((g) => g.id === id);
    if (!igw) return notFound('InvalidInternetGatewayID.NotFound', 'internetGateway ID', id);
    if (igw.vpc) return dependency('internetGateway', id);
    t.internetGateways = t.internetGateways.filter((g) => g !== igw);
    t.deleted.push(id);
    delete t.tags[id];
    return undefined;
  });
}

/** A VPC goes only once it is empty: no subnet, gateway, group, table or ACL of its own is left. */
function deleteVpc(call: OpCall): OpResult {
  const id = call.args.get('vpc-id')!;
  return applied(call, (t) => {
    const missing = vpcOf(t, id);
    if (missing) return missing;
    const held =
      t.subnets.some((s) => s.vpc === id) ||
      t.internetGateways.some((g) => g.vpc === id) ||
      t.securityGroups.some((g) => g.vpc === id && !g.default) ||
      t.routeTables.some((r) => r.vpc === id && !r.main) ||
      t.networkAcls.some((a) => a.vpc === id && !a.default) ||
      t.peeringConnections.some((p) => (p.requester === id || p.accepter === id) && p.status === 'active');
    if (held) return dependency('vpc', id);
    t.vpcs = t.vpcs.filter((v) => v.id !== id);
    t.securityGroups = t.securityGroups.filter((g) => g.vpc !== id);
    t.routeTables = t.routeTables.filter((r) => r.vpc !== id);
    t.networkAcls = t.networkAcls.filter((a) => a.vpc !== id);
    delete t.tags[id];
    return undefined;
  });
}

/** The association id of a VPC's n-th CIDR block (the primary is the first). */
export function cidrAssociationId(vpc: string, index: number): string {
  return `vpc-cidr-assoc-${vpc.replace(/^vpc-/, '')}${index === 0 ? '' : `-${index}`}`;
}

/** A secondary block: at most five per VPC; overlaps are refused by the build (R3). */
function associateCidr(call: OpCall): OpResult {
  const id = call.args.get('vpc-id')!;
  const parsed = parseCidr(call.args.get('cidr-block') ?? '');
  if (!parsed)
    return fail(
      'InvalidParameterValue',
      `Value (${call.args.get('cidr-block')}) for parameter cidrBlock is invalid. This is not a valid CIDR block.`,
    );
  const cidr = parsed.cidr.text;
  let index = 0;
  const r = applied(call, (t) => {
    const vpc = t.vpcs.find((v) => v.id === id);
    if (!vpc) return notFound('InvalidVpcID.NotFound', 'vpc ID', id);
    if (vpc.cidr.length >= 5)
      return {
        code: 'CidrLimitExceeded',
        message: `This network '${id}' has met its maximum number of allowed CIDRs: 5`,
      };
    index = vpc.cidr.length;
    vpc.cidr.push(cidr);
    return undefined;
  });
  return r.ok
    ? ok({
        CidrBlockAssociation: {
          AssociationId: cidrAssociationId(id, index),
          CidrBlock: cidr,
          CidrBlockState: { State: 'associating' },
        },
        VpcId: id,
      })
    : r;
}

/** A secondary block goes only when no subnet uses it; the primary never does. */
function disassociateCidr(call: OpCall): OpResult {
  const assoc = call.args.get('association-id')!;
  let out: Record<string, unknown> = {};
  const r = applied(call, (t) => {
    for (const vpc of t.vpcs) {
      const index = vpc.cidr.findIndex((_, i) => cidrAssociationId(vpc.id, i) === assoc);
      if (index < 0) continue;
      const block = parseCidr(vpc.cidr[index]!)!.cidr;
      if (index === 0)
        return {
          code: 'OperationNotPermitted',
          message: `The vpc CIDR block with association ID ${assoc} may not be disassociated. It is the primary IPv4 CIDR block of the VPC`,
        };
      const used = t.subnets.find(
        (s) =>
          s.vpc === vpc.id && parseCidr(s.cidr)!.cidr.base >= block.base && parseCidr(s.cidr)!.cidr.last <= block.last,
      );
      if (used)
        return {
          code: 'InvalidCidrBlock.InUse',
          message: `The vpc ${vpc.id} currently has a subnet within CIDR block ${block.text}`,
        };
      vpc.cidr.splice(index, 1);
      out = {
        CidrBlockAssociation: {
          AssociationId: assoc,
          CidrBlock: block.text,
          CidrBlockState: { State: 'disassociating' },
        },
        VpcId: vpc.id,
      };
      return undefined;
    }
    return {
      code: 'InvalidVpcCidrBlockAssociationId.NotFound',
      message: `The vpc CIDR block association ID '${assoc}' does not exist`,
    };
  });
  return r.ok ? ok(out) : r;
}

/** `--map-public-ip-on-launch`: instances launched later get a public IPv4 address (R17). */
function modifySubnet(call: OpCall): OpResult {
  const id = call.args.get('subnet-id')!;
  const map = call.args.bool('map-public-ip-on-launch');
  if (map === undefined)
    return fail(
      'MissingParameter',
      'The request must contain an attribute to modify: --map-public-ip-on-launch or --no-map-public-ip-on-launch',
    );
  return applied(call, (t) => {
    const subnet = t.subnets.find((s) => s.id === id);
    if (!subnet) return notFound('InvalidSubnetID.NotFound', 'subnet ID', id);
    subnet.mapPublicIpOnLaunch = map;
    return undefined;
  });
}

/** A table in use (main, or associated with a subnet or a gateway) cannot be deleted. */
function deleteRouteTable(call: OpCall): OpResult {
  const id = call.args.get('route-table-id')!;
  return applied(call, (t) => {
    const table = routeTableIn(t, id);
    if (isFailure(table)) return table;
    if (table.main || table.subnets.length > 0 || table.gateways.length > 0) return dependency('routeTable', id);
    t.routeTables = t.routeTables.filter((r) => r !== table);
    delete t.tags[id];
    return undefined;
  });
}

function createAcl(call: OpCall): OpResult {
  const vpc = call.args.get('vpc-id')!;
  const id = call.state.newId('acl-', call.stepId);
  const r = applied(call, (t) => {
    const missing = vpcOf(t, vpc);
    if (missing) return missing;
    // a new network ACL denies everything until entries are added (R76)
    t.networkAcls.push({ id, vpc, default: false, subnets: [], inbound: [], outbound: [] });
    return undefined;
  });
  const deny = (egress: boolean) => ({
    CidrBlock: '0.0.0.0/0',
    Egress: egress,
    Protocol: '-1',
    RuleAction: 'deny',
    RuleNumber: 32767,
  });
  return r.ok
    ? ok({
        NetworkAcl: {
          Associations: [],
          Entries: [deny(true), deny(false)],
          IsDefault: false,
          NetworkAclId: id,
          Tags: [],
          VpcId: vpc,
          OwnerId: OWNER,
        },
      })
    : r;
}

/** The default ACL cannot be deleted, nor one a subnet uses. */
function deleteAcl(call: OpCall): OpResult {
  const id = call.args.get('network-acl-id')!;
  return applied(call, (t) => {
    const acl = networkAclIn(t, id);
    if (isFailure(acl)) return acl;
    if (acl.default) return { code: 'InvalidParameterValue', message: `cannot delete default network ACL ${id}` };
    if (acl.subnets.length > 0) return dependency('networkAcl', id);
    t.networkAcls = t.networkAcls.filter((a) => a !== acl);
    delete t.tags[id];
    return undefined;
  });
}

/** `--enable-dns-hostnames`, `--no-…`, or with a value: `{"Value":true}`, `Value=true`. */
function attributeValue(call: OpCall, name: string): boolean | undefined | OpResult {
  if (call.args.has(`no-${name}`)) return false;
  if (!call.args.has(name)) return undefined;
  const raw = call.args.get(name);
  if (raw === undefined) return true;
  const m = /^\s*(?:\{\s*"?Value"?\s*[:=]\s*(true|false)\s*\}|Value=(true|false))\s*$/i.exec(raw);
  if (!m)
    return fail('InvalidParameterValue', `Invalid value for --${name}: ${raw} (use {"Value":true} or Value=false)`);
  return (m[1] ?? m[2])!.toLowerCase() === 'true';
}

/**
 * The VPC's DNS attributes, one per call as the API takes them: `enableDnsSupport` (the
 * Amazon resolver answers) and `enableDnsHostnames` (public DNS names for public addresses).
 */
function modifyVpcAttribute(call: OpCall): OpResult {
  const id = call.args.get('vpc-id')!;
  const support = attributeValue(call, 'enable-dns-support');
  const hostnames = attributeValue(call, 'enable-dns-hostnames');
  if (typeof support === 'object') return support;
  if (typeof hostnames === 'object') return hostnames;
  if ((support === undefined) === (hostnames === undefined))
    return fail(
      'InvalidParameterCombination',
      'Specify exactly one attribute to modify: --enable-dns-support or --enable-dns-hostnames',
    );
  return applied(call, (t) => {
    const vpc = t.vpcs.find((v) => v.id === id);
    if (!vpc) return notFound('InvalidVpcID.NotFound', 'vpc ID', id);
    if (support !== undefined) vpc.dnsSupport = support;
    if (hostnames !== undefined) vpc.dnsHostnames = hostnames;
    return undefined;
  });
}

function describeVpcAttribute(call: OpCall): OpResult {
  const id = call.args.get('vpc-id')!;
  const attribute = call.args.get('attribute')!;
  const vpc = call.state.topology.vpcs.find((v) => v.id === id);
  if (!vpc) return { ok: false, failure: notFound('InvalidVpcID.NotFound', 'vpc ID', id) };
  if (attribute === 'enableDnsSupport') return ok({ VpcId: id, EnableDnsSupport: { Value: vpc.dnsSupport } });
  if (attribute === 'enableDnsHostnames') return ok({ VpcId: id, EnableDnsHostnames: { Value: vpc.dnsHostnames } });
  return fail(
    'InvalidParameterValue',
    `Value (${attribute}) for parameter attribute is invalid: use enableDnsSupport or enableDnsHostnames`,
  );
}

export const VPC_LIFECYCLE_OPERATIONS: Operation[] = [
  {
    ...spec('modify-vpc-attribute'),
    run: modifyVpcAttribute,
  },
  { ...spec('describe-vpc-attribute'), run: describeVpcAttribute },
  { ...spec('create-internet-gateway'), run: createIgw },
  {
    ...spec('delete-internet-gateway'),
    run: deleteIgw,
  },
  { ...spec('delete-vpc'), run: deleteVpc },
  { ...spec('associate-vpc-cidr-block'), run: associateCidr },
  {
    ...spec('disassociate-vpc-cidr-block'),
    run: disassociateCidr,
  },
  {
    ...spec('modify-subnet-attribute'),
    run: modifySubnet,
  },
  { ...spec('delete-route-table'), run: deleteRouteTable },
  { ...spec('create-network-acl'), run: createAcl },
  { ...spec('delete-network-acl'), run: deleteAcl },
];
