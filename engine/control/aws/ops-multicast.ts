import { spec } from './operation-specs';
import { isMulticast, parseIp } from '../../net/ipv4';
import type { TransitGateway } from '../../model/transit-gateway';
import type { Topology } from '../../model/topology';
import type { AwsFailure } from '../control-state';
import { isFailure, notFound } from '../topology-edit';
import { describe, OWNER, type Item } from './describe-items';
import { applied, fail, ok, type OpCall, type Operation, type OpResult } from './operation';

/**
 * Transit gateway multicast (R104): domains on a gateway created with multicast support, the
 * subnets associated with them, and each group's members and sources, registered statically.
 */
type Domain = TransitGateway['multicastDomains'][number];

function domainIn(t: Topology, id: string | undefined): { tgw: TransitGateway; d: Domain } | AwsFailure {
  for (const tgw of t.transitGateways) {
    const d = tgw.multicastDomains.find((x) => x.id === id);
    if (d) return { tgw, d };
  }
  return notFound('InvalidTransitGatewayMulticastDomainId.NotFound', 'multicast domain ID', id ?? '');
}

function items(t: Topology): Item[] {
  return t.transitGateways.flatMap((tgw) =>
    tgw.multicastDomains.map((d) => ({
      id: d.id,
      filters: { 'transit-gateway-multicast-domain-id': [d.id], 'transit-gateway-id': [tgw.id], state: ['available'] },
      json: {
        TransitGatewayMulticastDomainId: d.id,
        TransitGatewayId: tgw.id,
        OwnerId: OWNER,
        Options: { Igmpv2Support: 'disable', StaticSourcesSupport: d.staticSources ? 'enable' : 'disable' },
        State: 'available',
        Tags: [],
      },
    })),
  );
}

function create(call: OpCall): OpResult {
  const tgwId = call.args.get('transit-gateway-id')!;
  const raw = call.args.get('options') ?? '';
  const staticSources = /StaticSourcesSupport=enable|"StaticSourcesSupport"\s*:\s*"enable"/.test(raw);
  const id = call.state.newId('tgw-mcast-domain-', call.stepId);
  const r = applied(call, (t) => {
    const tgw = t.transitGateways.find((g) => g.id === tgwId);
    if (!tgw) return notFound('InvalidTransitGatewayID.NotFound', 'transitGateway ID', tgwId);
    if (!tgw.multicast) return { code: 'IncorrectState', message: `${tgwId} was not created with multicast support` };
    tgw.multicastDomains.push({ id, subnets: [], staticSources, groups: [] });
    return undefined;
  });
  if (!r.ok) return r;
  return ok({ TransitGatewayMulticastDomain: items(call.state.topology).find((i) => i.id === id)!.json });
}

function associate(call: OpCall): OpResult {
  const subnets = call.args.list('subnet-ids');
  return applied(call, (t) => {
    const found = domainIn(t, call.args.get('transit-gateway-multicast-domain-id'));
    if (isFailure(found)) return found;
    for (const s of subnets) if (!found.d.subnets.includes(s)) found.d.subnets.push(s);
    return undefined;
  });
}

/** register- / deregister- members or sources: network interfaces, for one group address. */
function register(call: OpCall, field: 'members' | 'sources', on: boolean): OpResult {
  const group = call.args.get('group-ip-address')!;
  const ip = parseIp(group);
  if (ip === undefined || !isMulticast(ip))
    return fail('InvalidParameterValue', `${group} is not a multicast group address (224.0.0.0/4)`);
  const enis = call.args.list('network-interface-ids');
  const r = applied(call, (t) => {
    const found = domainIn(t, call.args.get('transit-gateway-multicast-domain-id'));
    if (isFailure(found)) return found;
    let g = found.d.groups.find((x) => parseIp(x.group) === ip);
    if (!g) {
      g = { group, members: [], sources: [] };
      found.d.groups.push(g);
    }
    g[field] = on ? [...new Set([...g[field], ...enis])] : g[field].filter((x) => !enis.includes(x));
    return undefined;
  });
  if (!r.ok) return r;
  const verb = on ? 'Registered' : 'Deregistered';
  return ok({
    [`${verb}MulticastGroup${field === 'members' ? 'Members' : 'Sources'}`]: {
      TransitGatewayMulticastDomainId: call.args.get('transit-gateway-multicast-domain-id'),
      [`${verb}NetworkInterfaceIds`]: enis,
      GroupIpAddress: group,
    },
  });
}

/** search-transit-gateway-multicast-groups: every member and source of a domain's groups. */
function search(call: OpCall): OpResult {
  const found = domainIn(call.state.topology, call.args.get('transit-gateway-multicast-domain-id'));
  if (isFailure(found)) return { ok: false, failure: found };
  const net = call.state.network;
  return ok({
    MulticastGroups: found.d.groups.flatMap((g) =>
      (['members', 'sources'] as const).flatMap((kind) =>
        g[kind].map((eni) => ({
          GroupIpAddress: g.group,
          NetworkInterfaceId: eni,
          SubnetId: net.enis.get(eni)?.subnet.id,
          ResourceType: 'vpc',
          GroupMember: kind === 'members',
          GroupSource: kind === 'sources',
          MemberType: 'static',
          SourceType: 'static',
        })),
      ),
    ),
  });
}

export const MULTICAST_OPERATIONS: Operation[] = [
  {
    ...spec('describe-transit-gateway-multicast-domains'),
    run: (c) =>
      describe(
        c,
        'TransitGatewayMulticastDomains',
        'transit-gateway-multicast-domain-ids',
        'InvalidTransitGatewayMulticastDomainId.NotFound',
        items(c.state.topology),
      ),
  },
  { ...spec('create-transit-gateway-multicast-domain'), run: create },
  { ...spec('associate-transit-gateway-multicast-domain'), run: associate },
  { ...spec('register-transit-gateway-multicast-group-members'), run: (c) => register(c, 'members', true) },
  { ...spec('deregister-transit-gateway-multicast-group-members'), run: (c) => register(c, 'members', false) },
  { ...spec('register-transit-gateway-multicast-group-sources'), run: (c) => register(c, 'sources', true) },
  { ...spec('search-transit-gateway-multicast-groups'), run: search },
];
