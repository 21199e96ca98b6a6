import { spec } from './operation-specs';
import { parseCidr } from '../../net/ipv4';
import type { Topology } from '../../model/topology';
import { announcedPrefixes, type VpnConnection } from '../../model/vpn';
import type { World } from '../../trace/world';
import { tunnelId } from '../../trace/vpn-tunnel';
import { notFound } from '../topology-edit';
import { describe, type Item } from './describe-items';
import { applied, fail, ok, type OpCall, type Operation, type OpResult } from './operation';

/**
 * Site-to-Site VPN connections (R105–R110): a static connection's routes are added and removed
 * by hand; a dynamic one learns its prefixes over BGP. A virtual private gateway prefers a static
 * route over a BGP one for the same prefix (R108).
 */

/**
 * Each tunnel's telemetry as AWS reports it: DOWN while failed; a BGP connection's tunnel is UP
 * with the routes it accepted (the first tunnel up carries them), a static one's UP.
 */
function telemetry(c: VpnConnection, t: Topology, world: World): Record<string, unknown>[] {
  // where a router speaks BGP over the tunnels, each reports its own session: UP with the routes
  // accepted over it, DOWN with "IPSEC IS UP" while the tunnel carries no session
  if (c.tunnels.some((x) => x.bgp))
    return c.tunnels.map((x) => {
      const ipsec = !world.failed.has(tunnelId(c.id, x.outsideIp));
      const up = ipsec && x.bgp?.up === true;
      const routes = up ? x.bgp!.learned.length : 0;
      return {
        OutsideIpAddress: x.outsideIp,
        Status: up ? 'UP' : 'DOWN',
        StatusMessage: !ipsec ? 'IPSEC IS DOWN' : up ? `${routes} BGP ROUTES` : 'IPSEC IS UP',
        AcceptedRouteCount: routes,
      };
    });
  const up = c.tunnels.filter((x) => !world.failed.has(tunnelId(c.id, x.outsideIp)));
  return c.tunnels.map((x) => {
    const isUp = up.includes(x);
    const routes =
      isUp && up[0] === x ? (c.routing === 'bgp' ? announcedPrefixes(c, t.customerGateways).length : 0) : 0;
    return {
      OutsideIpAddress: x.outsideIp,
      Status: isUp ? 'UP' : 'DOWN',
      StatusMessage: !isUp ? 'IPSEC IS DOWN' : c.routing === 'bgp' ? `${routes} BGP ROUTES` : '',
      AcceptedRouteCount: routes,
    };
  });
}

function connections(t: Topology, world: World): Item[] {
  return t.vpnConnections.map((c) => {
    const onTgw = c.gateway.startsWith('tgw-');
    return {
      id: c.id,
      filters: {
        'vpn-connection-id': [c.id],
        state: ['available'],
        ...(onTgw ? { 'transit-gateway-id': [c.gateway] } : { 'vpn-gateway-id': [c.gateway] }),
        'option.static-routes-only': [String(c.routing === 'static')],
        'route.destination-cidr-block': c.staticRoutes,
      },
      json: {
        VpnConnectionId: c.id,
        State: 'available',
        Type: 'ipsec.1',
        Category: 'VPN',
        ...(onTgw ? { TransitGatewayId: c.gateway } : { VpnGatewayId: c.gateway }),
        ...(c.customerGateway ? { CustomerGatewayId: c.customerGateway } : {}),
        Options: {
          StaticRoutesOnly: c.routing === 'static',
          ...(c.tunnels.length > 0
            ? {
                TunnelOptions: c.tunnels.map((x) => ({
                  OutsideIpAddress: x.outsideIp,
                  ...(x.insideCidr ? { TunnelInsideCidr: x.insideCidr } : {}),
                })),
              }
            : {}),
        },
        ...(c.tunnels.length > 0 ? { VgwTelemetry: telemetry(c, t, world) } : {}),
        Routes: c.staticRoutes.map((DestinationCidrBlock) => ({
          DestinationCidrBlock,
          Source: 'Static',
          State: 'available',
        })),
        Tags: [],
      },
    };
  });
}

/** create- and delete-vpn-connection-route: a static connection's routes (R106). */
function routeEdit(call: OpCall, add: boolean): OpResult {
  const id = call.args.get('vpn-connection-id')!;
  const raw = call.args.get('destination-cidr-block')!;
  const dest = parseCidr(raw)?.cidr.text;
  if (!dest) return fail('InvalidParameterValue', `Value (${raw}) for parameter destinationCidrBlock is invalid.`);
  const r = applied(call, (t) => {
    const c = t.vpnConnections.find((x) => x.id === id);
    if (!c) return notFound('InvalidVpnConnectionID.NotFound', 'vpnConnection ID', id);
    if (c.routing !== 'static')
      return {
        code: 'InvalidVpnConnection.InvalidType',
        message: `${id} uses dynamic (BGP) routing: static routes belong to a connection with static routing only`,
      };
    const has = c.staticRoutes.some((x) => parseCidr(x)?.cidr.text === dest);
    if (add) {
      if (has) return { code: 'RouteAlreadyExists', message: `The route ${dest} already exists on ${id}` };
      c.staticRoutes.push(dest);
    } else {
      if (!has) return { code: 'InvalidRoute.NotFound', message: `${id} has no route ${dest}` };
      c.staticRoutes = c.staticRoutes.filter((x) => parseCidr(x)?.cidr.text !== dest);
    }
    return undefined;
  });
  return r.ok ? ok() : r;
}

/**
 * enable- and disable-vgw-route-propagation: the table learns the prefixes its VPC's virtual
 * private gateway knows, as propagated routes (R106); a gateway route table cannot (R46).
 */
function propagation(call: OpCall, on: boolean): OpResult {
  const tableId = call.args.get('route-table-id')!;
  const gateway = call.args.get('gateway-id')!;
  const r = applied(call, (t) => {
    const table = t.routeTables.find((x) => x.id === tableId);
    if (!table) return notFound('InvalidRouteTableID.NotFound', 'routeTable ID', tableId);
    const vgw = t.vpnGateways.find((g) => g.id === gateway);
    if (!vgw) return notFound('InvalidVpnGatewayID.NotFound', 'vpnGateway ID', gateway);
    if (vgw.vpc !== table.vpc)
      return {
        code: 'Gateway.NotAttached',
        message: `${gateway} is not attached to ${table.vpc}, the VPC of ${tableId}`,
      };
    const has = table.propagatingGateways.includes(gateway);
    if (on && !has) table.propagatingGateways.push(gateway);
    if (!on) table.propagatingGateways = table.propagatingGateways.filter((g) => g !== gateway);
    return undefined;
  });
  return r.ok ? ok() : r;
}

export const VPN_OPERATIONS: Operation[] = [
  { ...spec('enable-vgw-route-propagation'), run: (c) => propagation(c, true) },
  { ...spec('disable-vgw-route-propagation'), run: (c) => propagation(c, false) },
  {
    ...spec('describe-vpn-connections'),
    run: (c) =>
      describe(
        c,
        'VpnConnections',
        'vpn-connection-ids',
        'InvalidVpnConnectionID.NotFound',
        connections(c.state.topology, c.state.world),
      ),
  },
  {
    ...spec('describe-customer-gateways'),
    run: (c) =>
      describe(
        c,
        'CustomerGateways',
        'customer-gateway-ids',
        'InvalidCustomerGatewayID.NotFound',
        c.state.topology.customerGateways.map((g) => ({
          id: g.id,
          filters: {
            'customer-gateway-id': [g.id],
            'ip-address': [g.ip],
            'bgp-asn': [String(g.bgpAsn)],
            state: ['available'],
          },
          json: {
            CustomerGatewayId: g.id,
            IpAddress: g.ip,
            BgpAsn: String(g.bgpAsn),
            State: 'available',
            Type: 'ipsec.1',
            Tags: [],
          },
        })),
      ),
  },
  {
    ...spec('describe-vpn-gateways'),
    run: (c) =>
      describe(
        c,
        'VpnGateways',
        'vpn-gateway-ids',
        'InvalidVpnGatewayID.NotFound',
        c.state.topology.vpnGateways.map((g) => ({
          id: g.id,
          filters: {
            'vpn-gateway-id': [g.id],
            state: ['available'],
            'attachment.vpc-id': g.vpc ? [g.vpc] : [],
            'amazon-side-asn': [String(g.amazonSideAsn)],
          },
          json: {
            VpnGatewayId: g.id,
            State: 'available',
            Type: 'ipsec.1',
            AmazonSideAsn: g.amazonSideAsn,
            VpcAttachments: g.vpc ? [{ VpcId: g.vpc, State: 'attached' }] : [],
            Tags: [],
          },
        })),
      ),
  },
  { ...spec('create-vpn-connection-route'), run: (c) => routeEdit(c, true) },
  { ...spec('delete-vpn-connection-route'), run: (c) => routeEdit(c, false) },
];
