import type { Problem } from '../../model/problems';
import type {
  Ec2InternetGateway,
  Ec2NatGateway,
  Ec2PeeringConnection,
  Ec2PrefixList,
  Ec2Route,
  Ec2RouteTable,
  Ec2Subnet,
  Ec2Vpc,
  Ec2VpnConnection,
  Ec2VpnGateway,
} from './ec2-records';
import { isLive, nameTag } from './ec2-records';
import type { Collected } from './import-snapshot';
import { importedEniIds, liveInstanceIds } from './convert-hosts';

type Out = Record<string, unknown>;

const ID_FIELDS: Partial<Record<keyof Collected, string>> = {
  Vpcs: 'VpcId',
  Subnets: 'SubnetId',
  RouteTables: 'RouteTableId',
  InternetGateways: 'InternetGatewayId',
  NatGateways: 'NatGatewayId',
  VpnGateways: 'VpnGatewayId',
  VpnConnections: 'VpnConnectionId',
  VpcPeeringConnections: 'VpcPeeringConnectionId',
  PrefixLists: 'PrefixListId',
};

/** The records of one key; an object seen twice (from both accounts of a peering) counts once. */
function records<T>(collected: Collected, key: keyof Collected): { file: string; record: T }[] {
  const field = ID_FIELDS[key];
  const list = collected[key] as { file: string; record: T }[];
  if (!field) return list;
  const seen = new Set<unknown>();
  return list.filter(({ record }) => {
    const id = (record as Record<string, unknown>)[field];
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}

/** VPCs, subnets, gateways, NAT gateways, VPNs, peering, prefix lists and route tables. */
export function convertNetwork(collected: Collected, out: Out, warnings: Problem[]): void {
  const vpcs = records<Ec2Vpc>(collected, 'Vpcs')
    .filter((v) => v.record.VpcId && isLive(v.record.State))
    .map(({ record }) => {
      const blocks = (record.CidrBlockAssociationSet ?? [])
        .filter((a) => a.CidrBlock && isLive(a.CidrBlockState?.State))
        .map((a) => a.CidrBlock!);
      const cidr = [record.CidrBlock, ...blocks.filter((b) => b !== record.CidrBlock)].filter((c): c is string => !!c);
      return {
        id: record.VpcId!,
        cidr,
        ...(nameTag(record) ? { name: nameTag(record) } : {}),
        // the account it belongs to: the CLI's answers keep speaking of it
        ...(record.OwnerId && /^\d{12}$/.test(record.OwnerId) ? { account: record.OwnerId } : {}),
      };
    });
  const vpcIds = new Set(vpcs.map((v) => v.id));
  out.vpcs = vpcs;
  out.subnets = records<Ec2Subnet>(collected, 'Subnets')
    .filter((s) => s.record.SubnetId && s.record.CidrBlock && isLive(s.record.State))
    .map(({ record }) => ({
      id: record.SubnetId!,
      vpc: record.VpcId,
      cidr: record.CidrBlock,
      ...(record.AvailabilityZone ? { az: record.AvailabilityZone } : {}),
      ...(record.MapPublicIpOnLaunch ? { mapPublicIpOnLaunch: true } : {}),
    }));
  out.internetGateways = records<Ec2InternetGateway>(collected, 'InternetGateways')
    .filter((g) => g.record.InternetGatewayId)
    .map(({ record }) => {
      const att = (record.Attachments ?? []).find((a) => isLive(a.State) && a.VpcId);
      return { id: record.InternetGatewayId!, ...(att ? { vpc: att.VpcId } : {}) };
    });
  // a NAT gateway holding an Elastic IP the snapshot lists names it by allocation (the address stays an Elastic IP)
  const addresses = records<{ AllocationId?: string; PublicIp?: string; NetworkInterfaceId?: string }>(
    collected,
    'Addresses',
  ).map((a) => a.record);
  const allocationOf = (a: { AllocationId?: string; PublicIp?: string; NetworkInterfaceId?: string }) =>
    addresses.find(
      (x) =>
        x.AllocationId &&
        x.PublicIp &&
        (x.AllocationId === a.AllocationId ||
          (x.NetworkInterfaceId === a.NetworkInterfaceId && x.PublicIp === a.PublicIp)),
    )?.AllocationId;
  out.natGateways = records<Ec2NatGateway>(collected, 'NatGateways')
    // a deleted NAT gateway is listed for a while, and routes to it are blackholes (R65)
    .filter((n) => n.record.NatGatewayId && (isLive(n.record.State) || n.record.State === 'deleted'))
    .map(({ record }) => {
      const addr = record.NatGatewayAddresses?.[0];
      const connectivity = record.ConnectivityType === 'private' ? 'private' : 'public';
      const allocation = connectivity === 'public' && addr ? allocationOf(addr) : undefined;
      return {
        id: record.NatGatewayId!,
        subnet: record.SubnetId,
        connectivity,
        ...(record.State === 'deleted' ? { state: 'deleted' } : {}),
        ...(addr?.PrivateIp ? { privateIp: addr.PrivateIp } : {}),
        ...(allocation
          ? { allocationId: allocation }
          : addr?.PublicIp && connectivity === 'public'
            ? { publicIp: addr.PublicIp }
            : {}),
      };
    });
  out.vpnGateways = records<Ec2VpnGateway>(collected, 'VpnGateways')
    .filter((g) => g.record.VpnGatewayId && isLive(g.record.State))
    .map(({ record }) => {
      const att = (record.VpcAttachments ?? []).find((a) => isLive(a.State) && a.VpcId);
      const asn = Number((record as { AmazonSideAsn?: number | string }).AmazonSideAsn);
      return {
        id: record.VpnGatewayId!,
        ...(att ? { vpc: att.VpcId } : {}),
        ...(Number.isInteger(asn) && asn > 0 ? { amazonSideAsn: asn } : {}),
      };
    });
  const vgwIds = new Set((out.vpnGateways as { id: string }[]).map((g) => g.id));
  const tgwIds = new Set(
    records<{ TransitGatewayId?: string; State?: string }>(collected, 'TransitGateways')
      .filter((g) => isLive(g.record.State))
      .map((g) => g.record.TransitGatewayId),
  );
  const customerGateways = records<{ CustomerGatewayId?: string; IpAddress?: string; BgpAsn?: string; State?: string }>(
    collected,
    'CustomerGateways',
  )
    .filter((g) => g.record.CustomerGatewayId && g.record.IpAddress && isLive(g.record.State))
    .filter((g, i, all) => all.findIndex((o) => o.record.CustomerGatewayId === g.record.CustomerGatewayId) === i)
    .map(({ record }) => ({
      id: record.CustomerGatewayId!,
      ip: record.IpAddress!,
      ...(Number(record.BgpAsn) > 0 ? { bgpAsn: Number(record.BgpAsn) } : {}),
    }));
  out.vpnConnections = records<Ec2VpnConnection>(collected, 'VpnConnections')
    .filter(
      (c) =>
        c.record.VpnConnectionId &&
        isLive(c.record.State) &&
        ((c.record.VpnGatewayId && vgwIds.has(c.record.VpnGatewayId)) ||
          (c.record.TransitGatewayId && tgwIds.has(c.record.TransitGatewayId))),
    )
    .map(({ record }) => ({
      id: record.VpnConnectionId!,
      gateway: record.VpnGatewayId ?? record.TransitGatewayId,
      routing: record.Options?.StaticRoutesOnly ? 'static' : 'bgp',
      staticRoutes: (record.Routes ?? [])
        .filter((r) => r.DestinationCidrBlock && isLive(r.State))
        .map((r) => r.DestinationCidrBlock),
      onPremisesPrefixes: bgpPrefixes(collected, record),
      ...(record.CustomerGatewayId && customerGateways.some((g) => g.id === record.CustomerGatewayId)
        ? { customerGateway: record.CustomerGatewayId }
        : {}),
      tunnels: (record.Options?.TunnelOptions ?? [])
        .slice(0, 2)
        .flatMap((t) =>
          t.OutsideIpAddress
            ? [{ outsideIp: t.OutsideIpAddress, ...(t.TunnelInsideCidr ? { insideCidr: t.TunnelInsideCidr } : {}) }]
            : [],
        ),
    }));
  out.customerGateways = customerGateways;
  out.peeringConnections = records<Ec2PeeringConnection>(collected, 'VpcPeeringConnections')
    .filter((p) => p.record.VpcPeeringConnectionId)
    .flatMap(({ file, record }) => {
      const [a, b] = [record.RequesterVpcInfo?.VpcId, record.AccepterVpcInfo?.VpcId];
      // one side may be another account's VPC: kept as the remote end, with what the snapshot says of it
      const outside = [record.RequesterVpcInfo, record.AccepterVpcInfo].filter((v) => v?.VpcId && !vpcIds.has(v.VpcId));
      const info = outside[0];
      const cidrs = info
        ? [info.CidrBlock, ...(info.CidrBlockSet ?? []).map((c) => c.CidrBlock)].filter(
            (c, i, all): c is string => !!c && all.indexOf(c) === i,
          )
        : [];
      if (!a || !b || outside.length > 1 || (info && cidrs.length === 0)) {
        warnings.push({
          path: `${file}: ${record.VpcPeeringConnectionId}`,
          message: 'peering with a VPC outside this snapshot whose blocks it does not show is not modelled',
        });
        return [];
      }
      const code = record.Status?.Code ?? 'active';
      const status = ['active', 'pending-acceptance', 'failed', 'rejected', 'deleted'].includes(code)
        ? code
        : 'pending-acceptance';
      const remote = info
        ? {
            remote: {
              vpc: info.VpcId!,
              cidrs,
              ...(info.OwnerId && /^\d{12}$/.test(info.OwnerId) ? { owner: info.OwnerId } : {}),
              ...(info.Region ? { region: info.Region } : {}),
            },
          }
        : {};
      return [{ id: record.VpcPeeringConnectionId!, requester: a, accepter: b, status, ...remote }];
    });
  out.prefixLists = records<Ec2PrefixList>(collected, 'PrefixLists')
    .filter((p) => p.record.PrefixListId)
    .map(({ record }) => ({
      id: record.PrefixListId!,
      ...(record.PrefixListName ? { name: record.PrefixListName } : {}),
      entries: (record.Cidrs ?? []).filter((c) => c.includes('.')),
    }));
  out.transitGateways = [];
  out.routeTables = convertRouteTables(collected, out, warnings);
}

function convertRouteTables(collected: Collected, out: Out, warnings: Problem[]): unknown[] {
  const ids = (key: string) => new Set((out[key] as { id: string }[]).map((p) => p.id));
  const known: Known = {
    eni: importedEniIds(collected),
    pcx: ids('peeringConnections'),
    pl: ids('prefixLists'),
    gateways: new Set([
      ...ids('internetGateways'),
      ...ids('natGateways'),
      ...ids('vpnGateways'),
      ...liveInstanceIds(collected),
      // gateway endpoints: convert-endpoints.ts keeps the routes to the ones it imports
      ...((collected.VpcEndpoints ?? []) as { record: { VpcEndpointId?: string } }[]).flatMap(({ record }) =>
        record.VpcEndpointId ? [record.VpcEndpointId] : [],
      ),
    ]),
    deleted: new Set(),
  };
  const tgws = out.transitGateways as { id: string }[];
  const tables = records<Ec2RouteTable>(collected, 'RouteTables')
    .filter((t) => t.record.RouteTableId && t.record.VpcId)
    .map(({ file, record }) => {
      const assocs = (record.Associations ?? []).filter((a) => isLive(a.AssociationState?.State));
      const routes: { destination: string; target: string }[] = [];
      let skippedV6 = 0;
      for (const r of record.Routes ?? []) {
        if (r.DestinationIpv6CidrBlock) {
          skippedV6++;
          continue;
        }
        const route = convertRoute(r, known, tgws, (msg) =>
          warnings.push({ path: `${file}: ${record.RouteTableId}`, message: msg }),
        );
        if (route) routes.push(route);
      }
      if (skippedV6 > 0)
        warnings.push({
          path: `${file}: ${record.RouteTableId}`,
          message: `${skippedV6} IPv6 route${skippedV6 === 1 ? '' : 's'} not modelled yet (IPv4 only)`,
        });
      return {
        id: record.RouteTableId!,
        vpc: record.VpcId,
        main: assocs.some((a) => a.Main === true),
        subnets: assocs.filter((a) => a.SubnetId).map((a) => a.SubnetId),
        gateways: assocs.filter((a) => a.GatewayId).map((a) => a.GatewayId),
        propagatingGateways: (record.PropagatingVgws ?? []).map((g) => g.GatewayId).filter((g): g is string => !!g),
        routes,
      };
    });
  out.deleted = [...known.deleted];
  return tables;
}

interface Known {
  eni: Set<string>;
  pcx: Set<string>;
  pl: Set<string>;
  /** internet, NAT and virtual private gateways, and instances */
  gateways: Set<string>;
  /** targets of blackhole routes the snapshot no longer lists */
  deleted: Set<string>;
}

/**
 * What a BGP connection's customer gateway advertises is in no describe output, but its effect
 * is: the routes a virtual private gateway propagates into route tables (R106), and those a VPN
 * attachment propagates into transit gateway route tables. Those not among the gateway's static
 * routes are the BGP connection's (the only BGP connection on that gateway, when there are several
 * the prefixes are shared by all of them).
 */
function bgpPrefixes(collected: Collected, vpn: Ec2VpnConnection): string[] {
  if (vpn.Options?.StaticRoutesOnly) return [];
  const found = new Set<string>();
  if (vpn.VpnGatewayId) {
    const staticOnes = new Set(
      records<Ec2VpnConnection>(collected, 'VpnConnections')
        .filter((c) => c.record.VpnGatewayId === vpn.VpnGatewayId)
        .flatMap((c) => (c.record.Routes ?? []).map((r) => r.DestinationCidrBlock)),
    );
    for (const { record } of records<Ec2RouteTable>(collected, 'RouteTables'))
      for (const r of record.Routes ?? [])
        if (r.Origin === 'EnableVgwRoutePropagation' && r.GatewayId === vpn.VpnGatewayId && r.DestinationCidrBlock)
          if (!staticOnes.has(r.DestinationCidrBlock)) found.add(r.DestinationCidrBlock);
  } else {
    const attachments = new Set(
      records<{ TransitGatewayAttachmentId?: string; ResourceType?: string; ResourceId?: string }>(
        collected,
        'TransitGatewayAttachments',
      )
        .filter((a) => a.record.ResourceType === 'vpn' && a.record.ResourceId === vpn.VpnConnectionId)
        .map((a) => a.record.TransitGatewayAttachmentId),
    );
    for (const { record } of records<{
      Routes?: {
        DestinationCidrBlock?: string;
        Type?: string;
        TransitGatewayAttachments?: { TransitGatewayAttachmentId?: string }[];
      }[];
    }>(collected, 'TransitGatewayStaticRoutes'))
      for (const r of record.Routes ?? [])
        if (
          r.Type === 'propagated' &&
          r.DestinationCidrBlock &&
          r.TransitGatewayAttachments?.some((a) => attachments.has(a.TransitGatewayAttachmentId))
        )
          found.add(r.DestinationCidrBlock);
  }
  return [...found];
}

function convertRoute(
  r: Ec2Route,
  known: Known,
  tgws: { id: string }[],
  warn: (message: string) => void,
): { destination: string; target: string } | undefined {
  const destination = r.DestinationCidrBlock ?? r.DestinationPrefixListId;
  if (!destination) return undefined;
  // Propagated routes are recomputed from the VGW's connections; local ones are implicit.
  if (r.Origin === 'EnableVgwRoutePropagation') return undefined;
  if (r.GatewayId === 'local') return undefined;
  if (r.DestinationPrefixListId && !known.pl.has(r.DestinationPrefixListId)) {
    warn(`route to prefix list ${r.DestinationPrefixListId} not modelled (the list is not in the snapshot)`);
    return undefined;
  }
  const target =
    r.NetworkInterfaceId ??
    r.NatGatewayId ??
    r.VpcPeeringConnectionId ??
    r.TransitGatewayId ??
    r.GatewayId ??
    r.InstanceId;
  // a blackhole keeps naming its target (R40): one the snapshot no longer lists is a deleted
  // resource the lab remembers (`deleted`), as AWS remembers it in the route
  if (r.State === 'blackhole') {
    if (!target) return { destination, target: 'blackhole' };
    if (!known.gateways.has(target) && !known.pcx.has(target) && !known.eni.has(target)) known.deleted.add(target);
    return { destination, target };
  }
  if (!target) return undefined;

  if (target.startsWith('eni-') && !known.eni.has(target)) {
    warn(`route ${destination} -> ${target}: that interface is not modelled (not an instance interface)`);
    return undefined;
  }
  if (target.startsWith('pcx-') && !known.pcx.has(target)) {
    warn(`route ${destination} -> ${target} not modelled (peering outside this snapshot)`);
    return undefined;
  }
  if (target.startsWith('tgw-')) {
    if (!tgws.some((t) => t.id === target)) tgws.push({ id: target });
  } else if (!target.startsWith('eni-') && !target.startsWith('pcx-') && !known.gateways.has(target)) {
    // A partial snapshot can name a gateway whose own file it lacks.
    warn(`route ${destination} -> ${target}: the target is not in the snapshot, so the route is left out`);
    return undefined;
  }
  return { destination, target };
}
