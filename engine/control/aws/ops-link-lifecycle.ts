import { spec } from './operation-specs';
import { parseIp } from '../../net/ipv4';
import type { Topology } from '../../model/topology';
import type { VpnConnection } from '../../model/vpn';
import type { AwsFailure } from '../control-state';
import { isFailure, notFound } from '../topology-edit';
import { shorthand } from './cli-args';
import { OWNER } from './describe-items';
import { applied, fail, ok, type OpCall, type Operation, type OpResult } from './operation';

/**
 * Making what joins a VPC to other networks: virtual private gateways (one per VPC, R105),
 * customer gateways, Site-to-Site VPN connections on either kind of gateway, and transit gateways
 * with their default route table. What AWS assigns (tunnel addresses, a default table's id) is
 * picked deterministically.
 */

/** `--options Key=Value,…`: the shorthand or JSON the CLI takes, as strings. */
function optionsOf(call: OpCall): Record<string, string> | AwsFailure {
  const raw = call.args.get('options');
  if (raw === undefined) return {};
  try {
    if (raw.trim().startsWith('{'))
      return Object.fromEntries(
        Object.entries(JSON.parse(raw) as Record<string, unknown>).map(([k, v]) => [k, String(v)]),
      );
  } catch {
    return { code: 'InvalidParameterValue', message: `Error parsing parameter '--options': Invalid JSON: ${raw}` };
  }
  return shorthand(raw) ?? { code: 'InvalidParameterValue', message: `Error parsing parameter '--options': ${raw}` };
}

/** A BGP ASN given on the command line (1-4294967294), or `fallback` when none is. */
export function asnOf(text: string | undefined, fallback: number): number | AwsFailure {
  if (text === undefined) return fallback;
  const n = Number(text);
  return Number.isInteger(n) && n >= 1 && n <= 4294967294
    ? n
    : { code: 'InvalidParameterValue', message: `Invalid ASN ${text}: a BGP ASN is 1-4294967294` };
}

function createVpnGateway(call: OpCall): OpResult {
  const type = call.args.get('type') ?? 'ipsec.1';
  if (type !== 'ipsec.1') return fail('InvalidParameterValue', `Invalid type ${type}: ipsec.1 is the only one`);
  const asn = asnOf(call.args.get('amazon-side-asn'), 64512);
  if (typeof asn === 'object') return fail(asn.code, asn.message);
  const id = call.state.newId('vgw-', call.stepId);
  const r = applied(call, (t) => void t.vpnGateways.push({ id, amazonSideAsn: asn }));
  return r.ok
    ? ok({
        VpnGateway: {
          State: 'available',
          Type: type,
          VpcAttachments: [],
          VpnGatewayId: id,
          AmazonSideAsn: asn,
          Tags: [],
        },
      })
    : r;
}

function attach(call: OpCall, on: boolean): OpResult {
  const id = call.args.get('vpn-gateway-id')!;
  const vpc = call.args.get('vpc-id')!;
  const r = applied(call, (t) => {
    const g = t.vpnGateways.find((x) => x.id === id);
    if (!g) return notFound('InvalidVpnGatewayID.NotFound', 'vpnGateway ID', id);
    if (!t.vpcs.some((v) => v.id === vpc)) return notFound('InvalidVpcID.NotFound', 'vpc ID', vpc);
    if (on) {
      if (g.vpc !== undefined)
        return { code: 'InvalidVpnGatewayAttachment.LimitExceeded', message: `${id} is attached to ${g.vpc} already` };
      g.vpc = vpc;
    } else {
      if (g.vpc !== vpc)
        return { code: 'InvalidVpnGatewayAttachment.NotFound', message: `${id} is not attached to ${vpc}` };
      delete g.vpc;
      // a table stops learning from a gateway that left its VPC
      for (const table of t.routeTables.filter((x) => x.vpc === vpc))
        table.propagatingGateways = table.propagatingGateways.filter((x) => x !== id);
    }
    return undefined;
  });
  if (!r.ok) return r;
  return ok(on ? { VpcAttachment: { State: 'attaching', VpcId: vpc } } : {});
}

function createCustomerGateway(call: OpCall): OpResult {
  const ip = call.args.get('public-ip') ?? call.args.get('ip-address');
  if (ip === undefined || parseIp(ip) === undefined)
    return fail('MissingParameter', 'The request must contain the parameter PublicIp (an IPv4 address)');
  const asn = asnOf(call.args.get('bgp-asn'), 65000);
  if (typeof asn === 'object') return fail(asn.code, asn.message);
  const id = call.state.newId('cgw-', call.stepId);
  const r = applied(call, (t) => void t.customerGateways.push({ id, ip, bgpAsn: asn, prefixes: [] }));
  return r.ok
    ? ok({
        CustomerGateway: {
          BgpAsn: String(asn),
          CustomerGatewayId: id,
          IpAddress: ip,
          State: 'available',
          Type: 'ipsec.1',
          Tags: [],
        },
      })
    : r;
}

/**
 * AWS's two tunnel endpoints for the n-th connection: outside addresses and inside /30s, one pair
 * each, clear of the inside ranges AWS reserves (169.254.0.0/30 to 169.254.5.0/30).
 */
function tunnelsFor(n: number): VpnConnection['tunnels'] {
  return [0, 1].map((k) => ({
    outsideIp: `52.95.${Math.floor(n / 100) % 250}.${(n % 100) * 2 + k + 10}`,
    insideCidr: `169.254.${10 + ((n * 2 + k) % 240)}.${k === 0 ? 4 : 8}/30`,
  }));
}

function createVpnConnection(call: OpCall): OpResult {
  const a = call.args;
  if (a.get('type') !== 'ipsec.1') return fail('InvalidParameterValue', `Invalid type ${a.get('type')}: ipsec.1`);
  const opts = optionsOf(call);
  if (isFailure(opts)) return fail(opts.code, opts.message);
  const staticOnly = String(opts.StaticRoutesOnly ?? 'false').toLowerCase() === 'true';
  const gateway = a.get('vpn-gateway-id') ?? a.get('transit-gateway-id')!;
  const id = call.state.newId('vpn-', call.stepId);
  const attachmentId = gateway.startsWith('tgw-') ? call.state.newId('tgw-attach-') : undefined;
  const r = applied(call, (t) => {
    const cgw = a.get('customer-gateway-id')!;
    if (!t.customerGateways.some((g) => g.id === cgw))
      return notFound('InvalidCustomerGatewayID.NotFound', 'customerGateway ID', cgw);
    const tgw = t.transitGateways.find((g) => g.id === gateway);
    if (!tgw && !t.vpnGateways.some((g) => g.id === gateway))
      return gateway.startsWith('tgw-')
        ? notFound('InvalidTransitGatewayID.NotFound', 'transitGateway ID', gateway)
        : notFound('InvalidVpnGatewayID.NotFound', 'vpnGateway ID', gateway);
    const c: VpnConnection = {
      id,
      gateway,
      routing: staticOnly ? 'static' : 'bgp',
      onPremisesPrefixes: [],
      staticRoutes: [],
      customerGateway: cgw,
      tunnels: tunnelsFor(t.vpnConnections.length),
    };
    t.vpnConnections.push(c);
    if (tgw && attachmentId) {
      // the connection's attachment, linked to the default tables as a new VPC attachment is (R95)
      tgw.attachments.push({
        id: attachmentId,
        vpn: id,
        subnets: [],
        applianceMode: false,
        securityGroupReferencing: false,
        state: 'available',
      });
      linkDefaults(t, tgw.id, attachmentId);
    }
    return undefined;
  });
  if (!r.ok) return r;
  const c = call.state.topology.vpnConnections.find((x) => x.id === id)!;
  return ok({
    VpnConnection: {
      CustomerGatewayId: c.customerGateway,
      Category: 'VPN',
      State: 'pending',
      Type: 'ipsec.1',
      VpnConnectionId: id,
      ...(gateway.startsWith('tgw-') ? { TransitGatewayId: gateway } : { VpnGatewayId: gateway }),
      Options: {
        StaticRoutesOnly: staticOnly,
        TunnelOptions: c.tunnels.map((x) => ({ OutsideIpAddress: x.outsideIp, TunnelInsideCidr: x.insideCidr })),
      },
      Routes: [],
      Tags: [],
    },
  });
}

function linkDefaults(t: Topology, tgwId: string, attachment: string): void {
  const tgw = t.transitGateways.find((g) => g.id === tgwId)!;
  const def = tgw.defaultRouteTable;
  if (!def || def === 'none' || !tgw.explicitLinks) return;
  tgw.routeTables.find((x) => x.id === def.association)?.associations.push(attachment);
  tgw.routeTables.find((x) => x.id === def.propagation)?.propagations.push(attachment);
}

function deleteVpnConnection(call: OpCall): OpResult {
  const id = call.args.get('vpn-connection-id')!;
  return applied(call, (t) => {
    if (!t.vpnConnections.some((c) => c.id === id))
      return notFound('InvalidVpnConnectionID.NotFound', 'vpnConnection ID', id);
    t.vpnConnections = t.vpnConnections.filter((c) => c.id !== id);
    // its transit gateway attachment goes with it, out of every table
    for (const g of t.transitGateways) {
      const gone = g.attachments.filter((x) => x.vpn === id).map((x) => x.id);
      g.attachments = g.attachments.filter((x) => x.vpn !== id);
      for (const table of g.routeTables) {
        table.associations = table.associations.filter((x) => !gone.includes(x));
        table.propagations = table.propagations.filter((x) => !gone.includes(x));
        table.routes = table.routes.filter((x) => !gone.includes(x.target));
      }
    }
    for (const h of t.externalHosts.filter((x) => x.via === id)) delete h.via;
    return undefined;
  });
}

/** create-transit-gateway: a default route table for association and propagation unless both are disabled. */
function createTransitGateway(call: OpCall): OpResult {
  const opts = optionsOf(call);
  if (isFailure(opts)) return fail(opts.code, opts.message);
  const known = [
    'AmazonSideAsn',
    'DefaultRouteTableAssociation',
    'DefaultRouteTablePropagation',
    'MulticastSupport',
    'SecurityGroupReferencingSupport',
    'VpnEcmpSupport',
    'DnsSupport',
    'AutoAcceptSharedAttachments',
  ];
  const unknown = Object.keys(opts).find((k) => !known.includes(k));
  if (unknown) return fail('InvalidParameterValue', `Unknown or unmodelled option ${unknown}`);
  const on = (k: string, d: boolean) => (opts[k] === undefined ? d : opts[k] === 'enable');
  const assoc = on('DefaultRouteTableAssociation', true);
  const prop = on('DefaultRouteTablePropagation', true);
  const id = call.state.newId('tgw-', call.stepId);
  const table = assoc || prop ? call.state.newId('tgw-rtb-') : undefined;
  const r = applied(call, (t) => {
    t.transitGateways.push({
      id,
      explicitLinks: true,
      securityGroupReferencing: on('SecurityGroupReferencingSupport', false),
      multicast: on('MulticastSupport', false),
      multicastDomains: [],
      attachments: [],
      routeTables: table ? [{ id: table, associations: [], propagations: [], routes: [] }] : [],
      defaultRouteTable: table ? { association: assoc ? table : 'none', propagation: prop ? table : 'none' } : 'none',
    });
    return undefined;
  });
  if (!r.ok) return r;
  return ok({
    TransitGateway: {
      TransitGatewayId: id,
      State: 'pending',
      OwnerId: OWNER,
      Description: call.args.get('description') ?? '',
      Options: {
        AmazonSideAsn: Number(opts.AmazonSideAsn ?? 64512),
        DefaultRouteTableAssociation: assoc ? 'enable' : 'disable',
        DefaultRouteTablePropagation: prop ? 'enable' : 'disable',
        ...(table && assoc ? { AssociationDefaultRouteTableId: table } : {}),
        ...(table && prop ? { PropagationDefaultRouteTableId: table } : {}),
        MulticastSupport: on('MulticastSupport', false) ? 'enable' : 'disable',
      },
      Tags: [],
    },
  });
}

export const LINK_LIFECYCLE_OPERATIONS: Operation[] = [
  { ...spec('create-vpn-gateway'), run: createVpnGateway },
  { ...spec('attach-vpn-gateway'), run: (c) => attach(c, true) },
  { ...spec('detach-vpn-gateway'), run: (c) => attach(c, false) },
  { ...spec('create-customer-gateway'), run: createCustomerGateway },
  { ...spec('create-vpn-connection'), run: createVpnConnection },
  { ...spec('delete-vpn-connection'), run: deleteVpnConnection },
  { ...spec('create-transit-gateway'), run: createTransitGateway },
];
