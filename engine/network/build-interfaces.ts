import { parseIp, type Ip } from '../net/ipv4';
import type { NetworkInterface } from '../model/network-interface';
import { claimAddress, firstFreeAddress } from './build-addressing';
import type { BuildContext } from './context';
import type { EniNode, InstanceNode, NatGatewayNode, SecurityGroupNode, SubnetNode } from './network';

/** AWS's default quota of security groups per network interface (R74). */
const MAX_GROUPS_PER_ENI = 5;

/** Builds instances with their ENIs, then the unattached ENIs (R12–R17). */
export function buildInstances(ctx: BuildContext): void {
  // Generated MACs must avoid every declared one, wherever it appears in the lab.
  const declaredMacs = new Set<string>();
  for (const i of ctx.topology.instances) for (const n of i.interfaces) if (n.mac) declaredMacs.add(n.mac);
  for (const n of ctx.topology.networkInterfaces) if (n.mac) declaredMacs.add(n.mac);
  const macs: MacBook = { declared: declaredMacs, used: new Set(), next: 1 };
  ctx.topology.instances.forEach((inst, i) => {
    const path = `topology.instances[${i}]`;
    if (!ctx.declare(inst.id, 'instance', path)) return;
    const enis: EniNode[] = [];
    const node: InstanceNode = { id: inst.id, state: inst.state, enis, os: inst.os, listen: inst.os.listen ?? [] };
    const used = new Set<number>();
    inst.interfaces.forEach((spec, j) => {
      const eniPath = `${path}.interfaces[${j}]`;
      const deviceIndex = spec.deviceIndex ?? j;
      if (used.has(deviceIndex)) {
        ctx.problem(
          `${eniPath}.deviceIndex`,
          `device index ${deviceIndex} is already used on ${inst.id}`,
          'InvalidParameterValue',
        );
        return;
      }
      used.add(deviceIndex);
      const eni = buildEni(ctx, spec, eniPath, deviceIndex, macs, node);
      if (!eni) return;
      // An ENI attaches only to an instance in its own AZ and VPC (R14).
      const first = enis[0];
      if (first && (first.subnet.az !== eni.subnet.az || first.vpc !== eni.vpc)) {
        ctx.problem(
          `${eniPath}.subnet`,
          `${spec.subnet} is in ${eni.subnet.az} of ${eni.vpc.id}, but ${inst.id} is in ${first.subnet.az} of ${first.vpc.id} (R14)`,
          'InvalidParameterCombination',
        );
        return;
      }
      enis.push(eni);
    });
    enis.sort((a, b) => a.deviceIndex - b.deviceIndex);
    ctx.network.instances.set(inst.id, node);
  });
  ctx.topology.networkInterfaces.forEach((spec, i) => {
    buildEni(ctx, spec, `topology.networkInterfaces[${i}]`, 0, macs, undefined);
  });
}

function buildEni(
  ctx: BuildContext,
  spec: NetworkInterface,
  path: string,
  deviceIndex: number,
  macs: MacBook,
  instance: InstanceNode | undefined,
): EniNode | undefined {
  if (!ctx.declare(spec.id, 'network-interface', path)) return undefined;
  if (!ctx.ref(spec.subnet, ['subnet'], `${path}.subnet`)) return undefined;
  const subnet = ctx.network.subnets.get(spec.subnet);
  if (!subnet) return undefined;
  const claimed =
    spec.privateIp !== undefined
      ? claimAddress(ctx, subnet, spec.privateIp, `${path}.privateIp`)
      : firstFreeAddress(subnet, ctx.askedAddresses());
  if (claimed === undefined && spec.privateIp === undefined) {
    ctx.problem(`${path}.subnet`, `${subnet.id} has no free address`, 'InsufficientFreeAddressesInSubnet');
    return undefined;
  }
  // A refused address is reported once; the ENI is still built so later checks can see it.
  const primary = claimed ?? parseIp(spec.privateIp!)!;
  const ips: Ip[] = [primary];
  const eni: EniNode = {
    id: spec.id,
    subnet,
    vpc: subnet.vpc,
    primaryIp: primary,
    ips,
    ipSet: new Set(ips),
    publicByPrivate: new Map(),
    mac: assignMac(ctx, spec.mac, macs, `${path}.mac`),
    securityGroups: resolveGroups(ctx, spec.securityGroups, subnet, `${path}.securityGroups`),
    sourceDestCheck: spec.sourceDestCheck,
    deviceIndex,
    ...(instance ? { instance } : {}),
  };
  if (claimed !== undefined) subnet.vpc.ipOwners.set(primary, eni);
  spec.secondaryIps.forEach((text, k) => {
    const ip = claimAddress(ctx, subnet, text, `${path}.secondaryIps[${k}]`);
    if (ip === undefined) return;
    ips.push(ip);
    eni.ipSet.add(ip);
    subnet.vpc.ipOwners.set(ip, eni);
  });
  if (spec.publicIp !== undefined) {
    // An auto-assigned public IP exists only on an instance's primary ENI (R17).
    if (!instance || deviceIndex !== 0)
      ctx.problem(
        `${path}.publicIp`,
        `an auto-assigned public IP is given only to an instance's primary interface (device index 0); use an Elastic IP (R17)`,
        'InvalidParameterCombination',
      );
    else bindPublicIp(ctx, eni, primary, spec.publicIp, `${path}.publicIp`);
  }
  ctx.network.enis.set(eni.id, eni);
  for (const g of eni.securityGroups) for (const ip of ips) g.memberIps.add(ip);
  return eni;
}

interface MacBook {
  declared: Set<string>;
  used: Set<string>;
  next: number;
}

/** MACs given in the lab are kept; others are assigned deterministically (no randomness). */
function assignMac(ctx: BuildContext, given: string | undefined, macs: MacBook, path: string): string {
  if (given) {
    if (macs.used.has(given))
      ctx.problem(path, `MAC ${given} is already used by another network interface`, 'InvalidParameterValue');
    macs.used.add(given);
    return given;
  }
  let mac: string;
  do {
    const n = macs.next++;
    mac = `0e:${[32, 24, 16, 8, 0].map((s) => ((Math.floor(n / 2 ** s) & 255) >>> 0).toString(16).padStart(2, '0')).join(':')}`;
  } while (macs.used.has(mac) || macs.declared.has(mac));
  macs.used.add(mac);
  return mac;
}

/** An ENI's groups must belong to its VPC; with none listed it gets the VPC's default (R70). */
export function resolveGroups(ctx: BuildContext, ids: string[], subnet: SubnetNode, path: string): SecurityGroupNode[] {
  if (ids.length > MAX_GROUPS_PER_ENI) {
    ctx.problem(
      path,
      `${ids.length} security groups; an interface takes at most ${MAX_GROUPS_PER_ENI}`,
      'SecurityGroupsPerInterfaceLimitExceeded',
    );
  }
  if (ids.length === 0) return [defaultGroupOf(ctx, subnet.vpc.id)].filter((g): g is SecurityGroupNode => !!g);
  const groups: SecurityGroupNode[] = [];
  ids.forEach((id, k) => {
    if (!ctx.ref(id, ['security-group'], `${path}[${k}]`)) return;
    const group = ctx.network.securityGroups.get(id);
    if (!group) return;
    if (group.vpc !== subnet.vpc) {
      ctx.problem(`${path}[${k}]`, `${id} belongs to ${group.vpc.id}, not to ${subnet.vpc.id}`, 'InvalidParameter');
      return;
    }
    groups.push(group);
  });
  return groups;
}

export function defaultGroupOf(ctx: BuildContext, vpcId: string): SecurityGroupNode | undefined {
  for (const g of ctx.network.securityGroups.values()) if (g.isDefault && g.vpc.id === vpcId) return g;
  return undefined;
}

/** Pairs a public IPv4 with one private IP: one public address per private IP (R12, R18). */
export function bindPublicIp(ctx: BuildContext, eni: EniNode, privateIp: Ip, text: string, path: string): void {
  const pub = parseIp(text)!;
  const taken = ctx.network.publicIps.get(pub);
  if (taken) {
    ctx.problem(
      path,
      `the public address ${text} is already in use (${taken.kind === 'eni' ? taken.eni.id : taken.nat.id})`,
      'InvalidParameterValue',
    );
    return;
  }
  if (eni.publicByPrivate.has(privateIp)) {
    ctx.problem(
      path,
      `${eni.id} already has a public address on this private IP; AWS pairs one public address with each private IP (R18)`,
      'InvalidParameterCombination',
    );
    return;
  }
  eni.publicByPrivate.set(privateIp, pub);
  ctx.network.publicIps.set(pub, { kind: 'eni', eni, privateIp });
}

/** NAT gateways: a service ENI in their subnet, an Elastic IP when public (R60). */
export function buildNatGateways(ctx: BuildContext): void {
  ctx.topology.natGateways.forEach((spec, i) => {
    const path = `topology.natGateways[${i}]`;
    if (!ctx.declare(spec.id, 'nat-gateway', path)) return;
    if (!ctx.ref(spec.subnet, ['subnet'], `${path}.subnet`)) return;
    const subnet = ctx.network.subnets.get(spec.subnet);
    if (!subnet) return;
    if (spec.state === 'deleted') {
      ctx.network.otherIds.set(spec.id, 'deleted');
      return;
    }
    const privateIp =
      spec.privateIp !== undefined
        ? claimAddress(ctx, subnet, spec.privateIp, `${path}.privateIp`)
        : firstFreeAddress(subnet, ctx.askedAddresses());
    if (privateIp === undefined) return;
    let publicText = spec.publicIp;
    if (spec.allocationId !== undefined) {
      const eip = ctx.topology.elasticIps.find((e) => e.id === spec.allocationId);
      if (!eip) ctx.problem(`${path}.allocationId`, `unknown resource "${spec.allocationId}"`);
      else if (eip.networkInterface)
        ctx.problem(
          `${path}.allocationId`,
          `${eip.id} is associated with ${eip.networkInterface}`,
          'Resource.AlreadyAssociated',
        );
      else publicText = eip.publicIp;
    }
    if (spec.connectivity === 'private' && publicText !== undefined) {
      ctx.problem(path, 'a private NAT gateway has no Elastic IP', 'InvalidParameterCombination');
      return;
    }
    if (spec.connectivity === 'public' && publicText === undefined) {
      ctx.problem(path, 'a public NAT gateway needs an Elastic IP (publicIp or allocationId)', 'MissingParameter');
      return;
    }
    const eni: EniNode = {
      id: spec.id,
      subnet,
      vpc: subnet.vpc,
      primaryIp: privateIp,
      ips: [privateIp],
      ipSet: new Set([privateIp]),
      publicByPrivate: new Map(),
      mac: `0e:ff:${[24, 16, 8, 0].map((s) => ((privateIp >>> s) & 255).toString(16).padStart(2, '0')).join(':')}`,
      securityGroups: [],
      sourceDestCheck: true,
      deviceIndex: 0,
    };
    const nat: NatGatewayNode = {
      id: spec.id,
      subnet,
      privateIp,
      connectivity: spec.connectivity,
      eni,
      ...(publicText !== undefined ? { publicIp: parseIp(publicText)! } : {}),
    };
    (eni as { natGateway?: NatGatewayNode }).natGateway = nat;
    subnet.vpc.ipOwners.set(privateIp, eni);
    ctx.network.natGateways.set(nat.id, nat);
    if (nat.publicIp !== undefined) {
      const taken = ctx.network.publicIps.get(nat.publicIp);
      if (taken)
        ctx.problem(`${path}.publicIp`, `the public address ${publicText} is already in use`, 'InvalidParameterValue');
      else {
        eni.publicByPrivate.set(privateIp, nat.publicIp);
        ctx.network.publicIps.set(nat.publicIp, { kind: 'nat', nat, privateIp });
      }
    }
  });
}

/** Elastic IPs: associated ones pair with one private IP of an ENI whose VPC has an IGW (R18). */
export function buildElasticIps(ctx: BuildContext): void {
  ctx.topology.elasticIps.forEach((spec, i) => {
    const path = `topology.elasticIps[${i}]`;
    if (!ctx.declare(spec.id, 'elastic-ip', path)) return;
    if (spec.networkInterface === undefined) {
      if (spec.privateIp !== undefined) ctx.problem(`${path}.privateIp`, 'privateIp needs networkInterface');
      const ip = parseIp(spec.publicIp)!;
      if (!ctx.network.publicIps.has(ip)) ctx.network.unassociatedEips.add(ip);
      return;
    }
    if (!ctx.ref(spec.networkInterface, ['network-interface'], `${path}.networkInterface`)) return;
    const eni = ctx.network.enis.get(spec.networkInterface);
    if (!eni) return;
    const privateIp = spec.privateIp === undefined ? eni.primaryIp : parseIp(spec.privateIp)!;
    if (!eni.ipSet.has(privateIp)) {
      ctx.problem(`${path}.privateIp`, `${spec.privateIp} is not assigned to ${eni.id}`, 'InvalidParameterValue');
      return;
    }
    if (!eni.vpc.igw) {
      ctx.problem(
        `${path}.networkInterface`,
        `${eni.vpc.id} has no internet gateway attached; an Elastic IP needs one (R18)`,
        'Gateway.NotAttached',
      );
      return;
    }
    bindPublicIp(ctx, eni, privateIp, spec.publicIp, `${path}.publicIp`);
  });
}
