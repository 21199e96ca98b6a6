import type { Problem } from '../../model/problems';
import type {
  Ec2Address,
  Ec2Instance,
  Ec2NaclEntry,
  Ec2NetworkAcl,
  Ec2NetworkInterface,
  Ec2Permission,
  Ec2SecurityGroup,
} from './ec2-records';
import { isLive, nameTag } from './ec2-records';
import type { Collected } from './import-snapshot';

type Out = Record<string, unknown>;

/** Interface types that are not an instance's or a plain ENI: their service is not modelled yet. */
const SERVICE_TYPES = new Set([
  'nat_gateway',
  'vpc_endpoint',
  'gateway_load_balancer_endpoint',
  'network_load_balancer',
  'load_balancer',
  'transit_gateway',
  'lambda',
]);

function interfaces(collected: Collected): { file: string; record: Ec2NetworkInterface }[] {
  return collected.NetworkInterfaces as { file: string; record: Ec2NetworkInterface }[];
}

/** A stopped instance keeps its interfaces and can be started again; a terminated one is gone. */
function isStopped(inst: Ec2Instance): boolean {
  return inst.State?.Name === 'stopped' || inst.State?.Name === 'stopping';
}

function liveInstances(collected: Collected): Ec2Instance[] {
  const out: Ec2Instance[] = [];
  for (const { record } of collected.Reservations as { record: { Instances?: Ec2Instance[] } }[]) {
    for (const inst of record.Instances ?? [])
      if (inst.InstanceId && (isLive(inst.State?.Name) || isStopped(inst))) out.push(inst);
  }
  return out;
}

/** Ids of the instances the import keeps (running ones). */
export function liveInstanceIds(collected: Collected): string[] {
  return liveInstances(collected).map((i) => i.InstanceId!);
}

/** Ids of the ENIs the import turns into lab interfaces (instance and plain ENIs). */
export function importedEniIds(collected: Collected): Set<string> {
  const ids = new Set<string>();
  for (const { record } of interfaces(collected)) {
    if (record.NetworkInterfaceId && !SERVICE_TYPES.has(record.InterfaceType ?? 'interface'))
      ids.add(record.NetworkInterfaceId);
  }
  for (const inst of liveInstances(collected))
    for (const n of inst.NetworkInterfaces ?? []) if (n.NetworkInterfaceId) ids.add(n.NetworkInterfaceId);
  return ids;
}

/** Instances (running ones), ENIs, security groups, network ACLs and Elastic IPs. */
export function convertHosts(collected: Collected, out: Out, warnings: Problem[]): void {
  const addresses = (collected.Addresses as { record: Ec2Address }[])
    .map((a) => a.record)
    .filter((a) => a.AllocationId && a.PublicIp);
  const natEnis = new Set<string>();
  const byId = new Map<string, Ec2NetworkInterface>();
  for (const { file, record } of interfaces(collected)) {
    if (!record.NetworkInterfaceId) continue;
    const type = record.InterfaceType ?? 'interface';
    if (type === 'nat_gateway') natEnis.add(record.NetworkInterfaceId);
    // an interface endpoint's interfaces come with the endpoint (convert-endpoints.ts), a
    // Network Load Balancer's with the balancer (convert-load-balancers.ts)
    else if (type === 'vpc_endpoint' || type === 'network_load_balancer') continue;
    else if (SERVICE_TYPES.has(type))
      warnings.push({
        path: `${file}: ${record.NetworkInterfaceId}`,
        message: `interface of type ${type} not modelled yet`,
      });
    else byId.set(record.NetworkInterfaceId, record);
  }
  const eip = (eniId: string, ip: string) =>
    addresses.find((a) => a.NetworkInterfaceId === eniId && a.PrivateIpAddress === ip);
  const attached = new Set<string>();
  // A public address on a secondary or unattached ENI cannot be auto-assigned (R17): it is
  // an Elastic IP whose Addresses record is missing, so it is imported as one.
  const synthesized: Record<string, unknown>[] = [];
  const toLab = (n: Ec2NetworkInterface) => {
    const lab = convertEni(n, eip);
    const primaryEni =
      n.Attachment?.InstanceId !== undefined &&
      (n.Attachment.DeviceIndex ?? 0) === 0 &&
      liveIds.has(n.Attachment.InstanceId);
    if (lab.publicIp !== undefined && !primaryEni) {
      synthesized.push({
        id: `eipalloc-import-${n.NetworkInterfaceId}`,
        publicIp: lab.publicIp,
        networkInterface: n.NetworkInterfaceId,
        privateIp: lab.privateIp,
      });
      delete lab.publicIp;
    }
    return lab;
  };
  const liveIds = new Set(liveInstances(collected).map((i) => i.InstanceId!));
  out.instances = liveInstances(collected).map((inst) => {
    const own = [...byId.values()].filter((n) => n.Attachment?.InstanceId === inst.InstanceId);
    const listed = (inst.NetworkInterfaces ?? []).filter(
      (n) => n.NetworkInterfaceId && !own.some((o) => o.NetworkInterfaceId === n.NetworkInterfaceId),
    );
    const enis = [...own, ...listed].sort(
      (a, b) => (a.Attachment?.DeviceIndex ?? 0) - (b.Attachment?.DeviceIndex ?? 0),
    );
    for (const n of enis) attached.add(n.NetworkInterfaceId!);
    return {
      id: inst.InstanceId!,
      ...(inst.ImageId ? { imageId: inst.ImageId } : {}),
      ...(inst.InstanceType ? { instanceType: inst.InstanceType } : {}),
      ...(isStopped(inst) ? { state: 'stopped' } : {}),
      ...(nameTag(inst) ? { name: nameTag(inst) } : {}),
      interfaces: enis.map(toLab),
      // A snapshot says nothing about services: imported hosts listen on every port.
      os: { listen: ['*'] },
    };
  });
  out.networkInterfaces = [...byId.values()].filter((n) => !attached.has(n.NetworkInterfaceId!)).map(toLab);
  const eniIds = new Set([...byId.keys(), ...attached]);
  // An Elastic IP needs an internet gateway on its VPC (R18); a partial snapshot may lack the
  // gateway's file, so such an address is imported unassociated, with a warning.
  const vpcOfSubnet = new Map((out.subnets as { id: string; vpc: string }[]).map((s) => [s.id, s.vpc]));
  const withIgw = new Set((out.internetGateways as { vpc?: string }[]).map((g) => g.vpc));
  const eniVpc = new Map<string, string | undefined>();
  for (const inst of out.instances as { interfaces: { id: string; subnet: string }[] }[])
    for (const n of inst.interfaces) eniVpc.set(n.id, vpcOfSubnet.get(n.subnet));
  for (const n of byId.values()) eniVpc.set(n.NetworkInterfaceId!, n.VpcId ?? vpcOfSubnet.get(n.SubnetId ?? ''));
  const associate = (allocation: string, eniId: string | undefined, privateIp: string | undefined) => {
    if (!eniId) return {};
    if (eniIds.has(eniId) && withIgw.has(eniVpc.get(eniId)))
      return { networkInterface: eniId, ...(privateIp ? { privateIp } : {}) };
    warnings.push({
      path: `Addresses: ${allocation}`,
      message: `associated with ${eniId}, whose VPC or internet gateway is not in the snapshot; imported unassociated`,
    });
    return {};
  };
  // A NAT gateway's own address is associated by the NAT gateway (NatGateways.json names its allocation).
  for (const { record } of collected.NatGateways as {
    record: { NatGatewayAddresses?: { NetworkInterfaceId?: string }[] };
  }[])
    for (const a of record.NatGatewayAddresses ?? []) if (a.NetworkInterfaceId) natEnis.add(a.NetworkInterfaceId);
  out.elasticIps = [
    ...addresses.map((a) => ({
      id: a.AllocationId!,
      publicIp: a.PublicIp!,
      ...(a.NetworkInterfaceId && natEnis.has(a.NetworkInterfaceId)
        ? {}
        : associate(a.AllocationId!, a.NetworkInterfaceId, a.PrivateIpAddress)),
    })),
    ...synthesized.map((e) => ({
      id: e.id,
      publicIp: e.publicIp,
      ...associate(e.id as string, e.networkInterface as string, e.privateIp as string | undefined),
    })),
  ];
  const groups = (collected.SecurityGroups as { file: string; record: Ec2SecurityGroup }[]).filter(
    (g) => g.record.GroupId && g.record.VpcId,
  );
  const groupIds = new Set(groups.map((g) => g.record.GroupId!));
  out.securityGroups = groups.map(({ file, record }) => {
    const warn = (message: string) => warnings.push({ path: `${file}: ${record.GroupId}`, message });
    const isDefault = record.GroupName === 'default';
    const inbound = permissions(record.IpPermissions ?? [], 'source', groupIds, warn) as Record<string, unknown>[];
    return {
      id: record.GroupId!,
      vpc: record.VpcId,
      ...(record.GroupName ? { name: record.GroupName } : {}),
      ...(isDefault ? { default: true } : {}),
      ...(record.Description && !isDefault ? { description: record.Description } : {}),
      // a default group's rule letting its own members in is the one the lab format implies (R70)
      inbound: isDefault
        ? inbound.filter((r) => !(r.source === record.GroupId && r.protocol === 'all' && r.ports === undefined))
        : inbound,
      outbound: permissions(record.IpPermissionsEgress ?? [], 'destination', groupIds, warn),
    };
  });
  out.networkAcls = (collected.NetworkAcls as { record: Ec2NetworkAcl }[])
    .filter((a) => a.record.NetworkAclId && a.record.VpcId)
    .map(({ record }) => ({
      id: record.NetworkAclId!,
      vpc: record.VpcId,
      default: record.IsDefault === true,
      subnets: (record.Associations ?? []).map((s) => s.SubnetId).filter((s): s is string => !!s),
      inbound: naclEntries(record.Entries ?? [], false),
      outbound: naclEntries(record.Entries ?? [], true),
    }));
}

function convertEni(
  n: Ec2NetworkInterface,
  eip: (eni: string, ip: string) => Ec2Address | undefined,
): Record<string, unknown> {
  const ips = n.PrivateIpAddresses ?? [
    { PrivateIpAddress: n.PrivateIpAddress, Primary: true, ...(n.Association ? { Association: n.Association } : {}) },
  ];
  const primary = ips.find((p) => p.Primary) ?? ips[0];
  const primaryIp = primary?.PrivateIpAddress ?? n.PrivateIpAddress;
  // A public address with no Elastic IP record is the auto-assigned one (R17).
  const pub =
    primary?.Association?.PublicIp ?? (primaryIp === n.PrivateIpAddress ? n.Association?.PublicIp : undefined);
  const autoPublic = pub && primaryIp && !eip(n.NetworkInterfaceId!, primaryIp) ? pub : undefined;
  return {
    id: n.NetworkInterfaceId,
    subnet: n.SubnetId,
    ...(primaryIp ? { privateIp: primaryIp } : {}),
    secondaryIps: ips.filter((p) => p !== primary && p.PrivateIpAddress).map((p) => p.PrivateIpAddress),
    ...(autoPublic ? { publicIp: autoPublic } : {}),
    ...(n.MacAddress ? { mac: n.MacAddress } : {}),
    securityGroups: (n.Groups ?? []).map((g) => g.GroupId).filter((g): g is string => !!g),
    sourceDestCheck: n.SourceDestCheck !== false,
    ...(n.Attachment?.DeviceIndex !== undefined ? { deviceIndex: n.Attachment.DeviceIndex } : {}),
  };
}

function protocolOf(p: string | undefined): string | undefined {
  if (p === undefined || p === '-1') return 'all';
  if (p === 'icmpv6' || p === '58') return undefined;
  return p;
}

function permissions(
  perms: Ec2Permission[],
  side: 'source' | 'destination',
  groupIds: Set<string>,
  warn: (m: string) => void,
): unknown[] {
  const rules: Record<string, unknown>[] = [];
  for (const perm of perms) {
    const protocol = protocolOf(perm.IpProtocol);
    if (!protocol) continue;
    const tcpUdp = protocol === 'tcp' || protocol === 'udp' || protocol === '6' || protocol === '17';
    const ports =
      tcpUdp && perm.FromPort !== undefined && perm.FromPort >= 0
        ? { ports: `${perm.FromPort}-${perm.ToPort ?? perm.FromPort}` }
        : {};
    const peers = [
      ...(perm.IpRanges ?? []).map((r) => [r.CidrIp, r.Description] as const),
      ...(perm.UserIdGroupPairs ?? []).map((g) => [g.GroupId, g.Description] as const),
      ...(perm.PrefixListIds ?? []).map((p) => [p.PrefixListId, p.Description] as const),
    ].filter((x): x is readonly [string, string | undefined] => !!x[0]);
    for (const [peer, description] of peers) {
      if (peer.startsWith('sg-') && !groupIds.has(peer)) {
        warn(`rule referencing ${peer} (outside this snapshot) not modelled`);
        continue;
      }
      if (peer.startsWith('pl-')) {
        warn(`rule referencing prefix list ${peer} not modelled yet`);
        continue;
      }
      const key = JSON.stringify([protocol, ports, peer]);
      if (rules.some((r) => JSON.stringify([r.protocol, r.ports ? { ports: r.ports } : {}, r[side]]) === key)) continue;
      rules.push({ protocol, ...ports, [side]: peer, ...(description ? { description } : {}) });
    }
  }
  return rules;
}

function naclEntries(entries: Ec2NaclEntry[], egress: boolean): unknown[] {
  return entries
    .filter(
      (e) =>
        e.Egress === egress && e.CidrBlock && e.RuleNumber !== undefined && e.RuleNumber >= 1 && e.RuleNumber <= 32766,
    )
    .map((e) => {
      const protocol = e.Protocol === undefined || e.Protocol === '-1' ? 'all' : e.Protocol;
      const tcpUdp = protocol === '6' || protocol === '17';
      return {
        rule: e.RuleNumber,
        protocol,
        ...(tcpUdp && e.PortRange?.From !== undefined
          ? { ports: `${e.PortRange.From}-${e.PortRange.To ?? e.PortRange.From}` }
          : {}),
        ...(protocol === '1' && e.IcmpTypeCode?.Type !== undefined
          ? { icmp: { type: e.IcmpTypeCode.Type, code: e.IcmpTypeCode.Code ?? -1 } }
          : {}),
        cidr: e.CidrBlock,
        action: e.RuleAction === 'allow' ? 'allow' : 'deny',
      };
    });
}
