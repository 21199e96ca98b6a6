import { spec } from './operation-specs';
import { associationId } from '../associations';
import { ipToString } from '../../net/ipv4';
import { privateDnsName, publicDnsName } from '../ec2-names';
import type { EniNode, Network, RouteNode } from '../../network/network';
import { describe, OWNER, type Item } from './describe-items';
import { ok, type Operation } from './operation';

function routeJson(r: RouteNode): Record<string, unknown> {
  const dest = r.destinationText.startsWith('pl-')
    ? { DestinationPrefixListId: r.destinationText }
    : { DestinationCidrBlock: r.destination.text };
  const t = r.target;
  const target: Record<string, string> =
    t.kind === 'local'
      ? { GatewayId: 'local' }
      : t.kind === 'igw'
        ? { GatewayId: t.igw.id }
        : t.kind === 'vgw'
          ? { GatewayId: t.vgw.id }
          : t.kind === 'nat'
            ? { NatGatewayId: t.nat.id }
            : t.kind === 'eni'
              ? {
                  // a route server's route names the BGP next hop, the only route that names an IP (R38, D3)
                  ...(t.advertised ? { IpAddress: t.advertised.ip } : {}),
                  NetworkInterfaceId: t.eni.id,
                  ...(t.eni.instance ? { InstanceId: t.eni.instance.id, InstanceOwnerId: OWNER } : {}),
                }
              : targetField(r.targetText);
  const origin =
    r.origin === 'local'
      ? 'CreateRouteTable'
      : r.origin === 'propagated'
        ? 'EnableVgwRoutePropagation'
        : r.origin === 'advertisement'
          ? 'Advertisement'
          : 'CreateRoute';
  // A route whose target is gone is a blackhole (R40); a stopped target stays active (A7).
  return { ...dest, ...target, Origin: origin, State: t.kind === 'blackhole' ? 'blackhole' : 'active' };
}

function targetField(id: string): Record<string, string> {
  if (id.startsWith('nat-')) return { NatGatewayId: id };
  if (id.startsWith('pcx-')) return { VpcPeeringConnectionId: id };
  if (id.startsWith('tgw-')) return { TransitGatewayId: id };
  if (id.startsWith('eni-')) return { NetworkInterfaceId: id };
  if (id.startsWith('i-')) return { InstanceId: id };
  return { GatewayId: id };
}

function routeTables(n: Network): Item[] {
  return [...n.routeTables.values()].map((table) => {
    const subnets = [...n.subnets.values()]
      .filter((s) => s.routeTable === table && s.explicitRouteTable)
      .map((s) => s.id);
    const assocs = [
      ...(table.isMain
        ? [
            {
              Main: true,
              RouteTableAssociationId: associationId(n.topology, `rtb-main:${table.vpc.id}`),
              RouteTableId: table.id,
              AssociationState: { State: 'associated' },
            },
          ]
        : []),
      ...subnets.map((s) => ({
        Main: false,
        RouteTableAssociationId: associationId(n.topology, `rtb:${s}`),
        RouteTableId: table.id,
        SubnetId: s,
        AssociationState: { State: 'associated' },
      })),
      ...table.gateways.map((g) => ({
        Main: false,
        RouteTableAssociationId: associationId(n.topology, `rtb:${g}`),
        RouteTableId: table.id,
        GatewayId: g,
        AssociationState: { State: 'associated' },
      })),
    ];
    const spec = n.topology.routeTables.find((r) => r.id === table.id);
    // a prefix-list route is one route, however many entries the list holds (R35)
    const routes = [...table.routes]
      .filter(
        (r, i, all) =>
          !r.destinationText.startsWith('pl-') || all.findIndex((x) => x.destinationText === r.destinationText) === i,
      )
      .sort((a, b) => order(a) - order(b))
      .map(routeJson);
    /** `route.<field>`: every route's value of that field (describe-route-tables' filters) */
    const routeField = (field: string) => routes.map((r) => r[field]).filter((v): v is string => typeof v === 'string');
    return {
      id: table.id,
      filters: {
        'vpc-id': [table.vpc.id],
        'route-table-id': [table.id],
        'owner-id': [OWNER],
        'association.subnet-id': subnets,
        'association.main': [String(table.isMain)],
        'association.gateway-id': table.gateways,
        'association.route-table-id': assocs.map(() => table.id),
        'association.route-table-association-id': assocs.map((a) => a.RouteTableAssociationId),
        'association.association-state': assocs.map(() => 'associated'),
        'route.destination-cidr-block': routeField('DestinationCidrBlock'),
        'route.destination-prefix-list-id': routeField('DestinationPrefixListId'),
        'route.gateway-id': routeField('GatewayId'),
        'route.nat-gateway-id': routeField('NatGatewayId'),
        'route.instance-id': routeField('InstanceId'),
        'route.network-interface-id': routeField('NetworkInterfaceId'),
        'route.vpc-peering-connection-id': routeField('VpcPeeringConnectionId'),
        'route.transit-gateway-id': routeField('TransitGatewayId'),
        'route.origin': routeField('Origin'),
        'route.state': routeField('State'),
      },
      json: {
        Associations: assocs,
        PropagatingVgws: (spec?.propagatingGateways ?? []).map((g) => ({ GatewayId: g })),
        RouteTableId: table.id,
        Routes: routes,
        Tags: [],
        VpcId: table.vpc.id,
        OwnerId: OWNER,
      },
    };
  });
}

/** AWS lists local routes first, then the others as created. */
function order(r: RouteNode): number {
  return r.origin === 'local' ? 0 : 1;
}

function eniJson(n: Network, eni: EniNode): Record<string, unknown> {
  const pub = (ip: number) => {
    const p = eni.publicByPrivate.get(ip);
    if (p === undefined) return {};
    const eip = n.topology.elasticIps.find(
      (e) =>
        e.networkInterface === eni.id &&
        (e.privateIp === undefined ? ip === eni.primaryIp : e.privateIp === ipToString(ip)),
    );
    return {
      Association: {
        IpOwnerId: eip ? OWNER : 'amazon',
        PublicIp: ipToString(p),
        ...(eip ? { AllocationId: eip.id, AssociationId: associationId(n.topology, `eip:${eip.id}`) } : {}),
      },
    };
  };
  const inst = eni.instance;
  const service = serviceOf(eni);
  return {
    ...pub(eni.primaryIp),
    ...(service ? { Description: service.description, RequesterManaged: true } : {}),
    ...(inst
      ? {
          Attachment: {
            AttachmentId: `eni-attach-${eni.id}`,
            DeviceIndex: eni.deviceIndex,
            InstanceId: inst.id,
            InstanceOwnerId: OWNER,
            Status: 'attached',
          },
        }
      : {}),
    AvailabilityZone: eni.subnet.az,
    Groups: eni.securityGroups.map((g) => ({
      GroupId: g.id,
      GroupName: n.topology.securityGroups.find((s) => s.id === g.id)?.name ?? (g.isDefault ? 'default' : g.id),
    })),
    InterfaceType: service?.type ?? 'interface',
    MacAddress: eni.mac,
    NetworkInterfaceId: eni.id,
    OwnerId: OWNER,
    PrivateIpAddress: ipToString(eni.primaryIp),
    PrivateIpAddresses: eni.ips.map((ip) => ({
      ...pub(ip),
      Primary: ip === eni.primaryIp,
      PrivateIpAddress: ipToString(ip),
    })),
    SourceDestCheck: eni.sourceDestCheck,
    Status: inst || service ? 'in-use' : 'available',
    SubnetId: eni.subnet.id,
    VpcId: eni.vpc.id,
  };
}

/** An interface AWS made for a service: its type and the description AWS gives it. */
function serviceOf(eni: EniNode): { type: string; description: string } | undefined {
  if (eni.natGateway) return { type: 'nat_gateway', description: `Interface for NAT Gateway ${eni.natGateway.id}` };
  if (eni.endpoint) return { type: 'vpc_endpoint', description: `VPC Endpoint Interface ${eni.endpoint.id}` };
  if (eni.loadBalancer) return { type: 'network_load_balancer', description: `ELB ${eni.loadBalancer.id}` };
  return undefined;
}

function interfaces(n: Network): Item[] {
  return [...n.enis.values()].map((eni) => ({
    id: eni.id,
    filters: {
      'vpc-id': [eni.vpc.id],
      'subnet-id': [eni.subnet.id],
      'attachment.instance-id': eni.instance ? [eni.instance.id] : [],
      'private-ip-address': eni.ips.map(ipToString),
      'group-id': eni.securityGroups.map((g) => g.id),
      'interface-type': [serviceOf(eni)?.type ?? 'interface'],
      'source-dest-check': [String(eni.sourceDestCheck)],
    },
    json: eniJson(n, eni),
  }));
}

function instances(n: Network): Item[] {
  return [...n.instances.values()].map((inst) => {
    const eth0 = inst.enis[0];
    const pub = eth0 ? eth0.publicByPrivate.get(eth0.primaryIp) : undefined;
    const spec = n.topology.instances.find((i) => i.id === inst.id);
    return {
      id: inst.id,
      filters: {
        'vpc-id': eth0 ? [eth0.vpc.id] : [],
        'subnet-id': eth0 ? [eth0.subnet.id] : [],
        'instance-state-name': [inst.state],
        'instance-id': [inst.id],
        'image-id': [spec?.imageId ?? 'ami-00000000'],
        'availability-zone': eth0 ? [eth0.subnet.az] : [],
        'private-ip-address': eth0 ? [ipToString(eth0.primaryIp)] : [],
        'ip-address': pub !== undefined ? [ipToString(pub)] : [],
        'network-interface.network-interface-id': inst.enis.map((e) => e.id),
        'instance.group-id': (eth0?.securityGroups ?? []).map((g) => g.id),
      },
      json: {
        InstanceId: inst.id,
        ImageId: spec?.imageId ?? 'ami-00000000',
        InstanceType: spec?.instanceType ?? 't3.micro',
        // A hung instance is still running as far as AWS is concerned (A7).
        State: { Code: inst.state === 'running' ? 16 : 80, Name: inst.state },
        ...(eth0
          ? {
              PrivateIpAddress: ipToString(eth0.primaryIp),
              SubnetId: eth0.subnet.id,
              VpcId: eth0.vpc.id,
              Placement: { AvailabilityZone: eth0.subnet.az },
            }
          : {}),
        ...(pub !== undefined ? { PublicIpAddress: ipToString(pub) } : {}),
        // EC2's DNS names: the private one always, the public one where the VPC gives hostnames
        PrivateDnsName: eth0 ? privateDnsName(eth0.primaryIp, n.region) : '',
        PublicDnsName:
          pub !== undefined && eth0 && n.topology.vpcs.find((v) => v.id === eth0.vpc.id)?.dnsHostnames
            ? publicDnsName(pub, n.region)
            : '',
        SourceDestCheck: eth0?.sourceDestCheck ?? true,
        NetworkInterfaces: inst.enis.map((e) => eniJson(n, e)),
        SecurityGroups: (eth0?.securityGroups ?? []).map((g) => ({ GroupId: g.id })),
      },
    };
  });
}

/** Terminated instances: AWS still lists them for about an hour, with nothing attached. */
function terminated(n: Network): Item[] {
  return n.topology.terminatedInstances.map((inst) => ({
    id: inst.id,
    filters: {
      'instance-state-name': ['terminated'],
      'instance-id': [inst.id],
      'image-id': [inst.imageId ?? 'ami-00000000'],
    },
    json: {
      InstanceId: inst.id,
      ImageId: inst.imageId ?? 'ami-00000000',
      InstanceType: 't3.micro',
      State: { Code: 48, Name: 'terminated' },
      StateTransitionReason: 'User initiated',
      NetworkInterfaces: [],
      SecurityGroups: [],
    },
  }));
}

function subnets(n: Network): Item[] {
  return [...n.subnets.values()].map((s) => {
    const mapPublic = n.topology.subnets.find((x) => x.id === s.id)?.mapPublicIpOnLaunch ?? false;
    const used = [...s.vpc.ipOwners.values()].filter((e) => e.subnet === s).reduce((k, e) => k + e.ips.length, 0);
    return {
      id: s.id,
      filters: {
        'vpc-id': [s.vpc.id],
        'subnet-id': [s.id],
        'availability-zone': [s.az],
        'cidr-block': [s.cidr.text],
        'map-public-ip-on-launch': [String(mapPublic)],
        state: ['available'],
        'default-for-az': ['false'],
      },
      // 2^(32-prefix) - 5 usable addresses (R6)
      json: {
        AvailabilityZone: s.az,
        AvailableIpAddressCount: 2 ** (32 - s.cidr.prefix) - 5 - used,
        CidrBlock: s.cidr.text,
        State: 'available',
        SubnetId: s.id,
        VpcId: s.vpc.id,
        OwnerId: OWNER,
        MapPublicIpOnLaunch: mapPublic,
      },
    };
  });
}

export const DESCRIBE_OPERATIONS: Operation[] = [
  {
    ...spec('describe-route-tables'),
    run: (c) =>
      describe(c, 'RouteTables', 'route-table-ids', 'InvalidRouteTableID.NotFound', routeTables(c.state.network)),
  },
  {
    ...spec('describe-network-interfaces'),
    run: (c) =>
      describe(
        c,
        'NetworkInterfaces',
        'network-interface-ids',
        'InvalidNetworkInterfaceID.NotFound',
        interfaces(c.state.network),
      ),
  },
  {
    ...spec('describe-instances'),
    run: (c) => {
      const n = c.state.network;
      const r = describe(c, 'Instances', 'instance-ids', 'InvalidInstanceID.NotFound', [
        ...instances(n),
        ...terminated(n),
      ]);
      return r.ok
        ? ok({
            Reservations: (r.output as { Instances: unknown[] }).Instances.map((i) => ({
              Groups: [],
              Instances: [i],
              OwnerId: OWNER,
            })),
          })
        : r;
    },
  },
  {
    ...spec('describe-subnets'),
    run: (c) => describe(c, 'Subnets', 'subnet-ids', 'InvalidSubnetID.NotFound', subnets(c.state.network)),
  },
];
