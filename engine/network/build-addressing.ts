import { cidrContains, cidrCovers, cidrOverlaps, parseCidr, parseIp, type Cidr, type Ip } from '../net/ipv4';
import type { BuildContext } from './context';
import type { SubnetNode, VpcNode } from './network';

/** AWS's size limits for VPC and subnet IPv4 blocks: /16 to /28 (R2, R4). */
export const MIN_PREFIX = 16;
export const MAX_PREFIX = 28;

/** Builds the VPCs: each block /16–/28, secondary blocks not overlapping (R2, R3). */
export function buildVpcs(ctx: BuildContext): void {
  ctx.topology.vpcs.forEach((vpc, i) => {
    const path = `topology.vpcs[${i}]`;
    if (!ctx.declare(vpc.id, 'vpc', path)) return;
    const cidrs: Cidr[] = [];
    vpc.cidr.forEach((text, j) => {
      const cidrPath = vpc.cidr.length > 1 ? `${path}.cidr[${j}]` : `${path}.cidr`;
      const parsed = parseCidr(text)!.cidr;
      if (parsed.prefix < MIN_PREFIX || parsed.prefix > MAX_PREFIX) {
        ctx.problem(cidrPath, `the VPC block ${text} must be between /16 and /28`, 'InvalidVpcRange');
        return;
      }
      const family = cidrs.length > 0 ? secondaryBlockRefusal(cidrs[0]!, parsed) : undefined;
      if (family) {
        ctx.problem(cidrPath, family, 'InvalidParameterValue');
        return;
      }
      const clash = cidrs.find((c) => cidrOverlaps(c, parsed));
      if (clash) {
        ctx.problem(
          cidrPath,
          `the block ${parsed.text} overlaps ${clash.text}, already on the VPC`,
          'InvalidParameterValue',
        );
        return;
      }
      cidrs.push(parsed);
    });
    if (cidrs.length === 0) return;
    const node: VpcNode = {
      id: vpc.id,
      cidrs,
      dnsIp: (cidrs[0]!.base + 2) >>> 0,
      subnets: [],
      ipOwners: new Map(),
      // set by the routing and security builders once the tables exist
      mainRouteTable: undefined as never,
      defaultAcl: undefined as never,
    };
    ctx.network.vpcs.set(vpc.id, node);
  });
}

const RESTRICTED = {
  ten: parseCidr('10.0.0.0/8')!.cidr,
  b172: parseCidr('172.16.0.0/12')!.cidr,
  c192: parseCidr('192.168.0.0/16')!.cidr,
  r198: parseCidr('198.19.0.0/16')!.cidr,
};

/**
 * R3: a secondary block must stay in the primary block's RFC 1918 family (a 10.0.0.0/8 VPC
 * cannot add 172.16.0.0/12 or 192.168.0.0/16 space, and so on); 198.19.0.0/16 is restricted.
 * Public and 100.64.0.0/10 blocks are allowed.
 */
function secondaryBlockRefusal(primary: Cidr, added: Cidr): string | undefined {
  const families = [RESTRICTED.ten, RESTRICTED.b172, RESTRICTED.c192];
  const home = families.find((f) => cidrCovers(f, primary));
  const other = families.find((f) => cidrCovers(f, added));
  if (cidrCovers(RESTRICTED.r198, added)) return `${added.text} is in 198.19.0.0/16, which a VPC cannot add (R3)`;
  if (other && home && other !== home)
    return `${added.text} is ${other.text} space; a VPC whose primary block is in ${home.text} cannot add it (R3)`;
  return undefined;
}

/** Builds the subnets: /16–/28, inside the VPC, not overlapping a sibling (R4). */
export function buildSubnets(ctx: BuildContext): void {
  const byVpc = new Map<string, { cidr: Cidr; id: string; path: string }[]>();
  ctx.topology.subnets.forEach((subnet, i) => {
    const path = `topology.subnets[${i}]`;
    if (!ctx.declare(subnet.id, 'subnet', path)) return;
    if (!ctx.ref(subnet.vpc, ['vpc'], `${path}.vpc`)) return;
    const vpc = ctx.network.vpcs.get(subnet.vpc);
    if (!vpc) return;
    const cidr = parseCidr(subnet.cidr)!.cidr;
    if (cidr.prefix < MIN_PREFIX || cidr.prefix > MAX_PREFIX) {
      ctx.problem(`${path}.cidr`, `the subnet block ${subnet.cidr} must be between /16 and /28`, 'InvalidSubnet.Range');
      return;
    }
    if (!vpc.cidrs.some((c) => cidrCovers(c, cidr))) {
      ctx.problem(
        `${path}.cidr`,
        `${cidr.text} is not inside the VPC's blocks (${vpc.cidrs.map((c) => c.text).join(', ')})`,
        'InvalidSubnet.Range',
      );
      return;
    }
    const list = byVpc.get(vpc.id) ?? [];
    list.push({ cidr, id: subnet.id, path });
    byVpc.set(vpc.id, list);
    const node: SubnetNode = {
      id: subnet.id,
      vpc,
      az: subnet.az ?? `${ctx.network.region}a`,
      cidr,
      routerIp: (cidr.base + 1) >>> 0,
      routeTable: undefined as never,
      explicitRouteTable: false,
      networkAcl: undefined as never,
    };
    ctx.network.subnets.set(subnet.id, node);
    vpc.subnets.push(node);
  });
  // overlap check in O(n log n): sort by base, compare neighbours
  for (const list of byVpc.values()) {
    list.sort((a, b) => a.cidr.base - b.cidr.base || a.cidr.prefix - b.cidr.prefix);
    let widest = list[0];
    for (let k = 1; k < list.length; k++) {
      const s = list[k]!;
      if (widest && cidrOverlaps(widest.cidr, s.cidr)) {
        ctx.problem(
          `${s.path}.cidr`,
          `${s.cidr.text} overlaps ${widest.id} (${widest.cidr.text})`,
          'InvalidSubnet.Conflict',
        );
        continue;
      }
      if (!widest || s.cidr.last > widest.cidr.last) widest = s;
    }
  }
}

/**
 * Checks an address can be assigned to an ENI in `subnet`: inside it, not one of the five
 * reserved addresses (R5), not already assigned in the VPC. Returns the integer address.
 */
export function claimAddress(ctx: BuildContext, subnet: SubnetNode, text: string, path: string): Ip | undefined {
  const ip = parseIp(text)!;
  if (!cidrContains(subnet.cidr, ip)) {
    ctx.problem(path, `${text} is not in ${subnet.id} (${subnet.cidr.text})`, 'InvalidParameterValue');
    return undefined;
  }
  if (isReserved(subnet.cidr, ip)) {
    ctx.problem(
      path,
      `${text} is one of the five addresses AWS reserves in ${subnet.cidr.text} (R5)`,
      'InvalidParameterValue',
    );
    return undefined;
  }
  const owner = subnet.vpc.ipOwners.get(ip);
  if (owner) {
    ctx.problem(path, `${text} is already assigned to ${owner.id}`, 'InvalidIPAddress.InUse');
    return undefined;
  }
  return ip;
}

/** The first four addresses and the last of every subnet are reserved (R5). */
export function isReserved(cidr: Cidr, ip: Ip): boolean {
  return ip - cidr.base < 4 || ip === cidr.last;
}

/** The lowest free assignable address of a subnet, as AWS picks one when none is asked for. */
export function firstFreeAddress(subnet: SubnetNode, asked: ReadonlySet<Ip> = new Set()): Ip | undefined {
  for (let ip = subnet.cidr.base + 4; ip < subnet.cidr.last; ip++) {
    if (!subnet.vpc.ipOwners.has(ip >>> 0) && !asked.has(ip >>> 0)) return ip >>> 0;
  }
  return undefined;
}
