import { spec } from './operation-specs';
import { parseCidr } from '../../net/ipv4';
import type { Topology } from '../../model/topology';
import { notFound } from '../topology-edit';
import { describe, type Item } from './describe-items';
import { applied, fail, ok, type OpCall, type Operation, type OpResult } from './operation';

/**
 * Site-to-Site VPN connections (R105–R110): a static connection's routes are added and removed
 * by hand; a dynamic one learns its prefixes over BGP. A virtual private gateway prefers a static
 * route over a BGP one for the same prefix (R108).
 */

function connections(t: Topology): Item[] {
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
        Options: { StaticRoutesOnly: c.routing === 'static' },
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
        connections(c.state.topology),
      ),
  },
  { ...spec('create-vpn-connection-route'), run: (c) => routeEdit(c, true) },
  { ...spec('delete-vpn-connection-route'), run: (c) => routeEdit(c, false) },
];
