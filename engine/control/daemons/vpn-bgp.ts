import { parseCidr } from '../../net/ipv4';
import { awsInsideIp, type OnPremisesRouter, type VpnConnection } from '../../model/vpn';
import type { Topology } from '../../model/topology';
import { tunnelId } from '../../trace/vpn-tunnel';
import type { ControlState } from '../control-state';
import { keepalive, logAdjChange, sessionKey, sessionOf } from './bgp-session';

/**
 * BGP over Site-to-Site VPN tunnels (R105, R108): an on-premises router's FRR peers with the
 * gateway's end of each tunnel. A session is up while its tunnel is up and both sides agree on
 * the ASNs; when the tunnel dies, nobody notices until the hold timer runs out (AWS's is 30 s).
 * What the router announces, the gateway learns over each tunnel whose session is up; the
 * control plane writes that into the topology (`tunnels[].bgp`), so route propagation and the
 * gateway's forwarding follow the sessions, and the routes vanish when both are down.
 */

/** AWS's BGP hold time on a VPN tunnel: a session outlives its tunnel by at most this (R105). */
export const AWS_VPN_HOLD_TIME = 30;

/**
 * What a router announces: the prefixes its `network` statements name that are in its routing
 * table, which here means its connected networks (FRR's import check).
 */
export function announcedBy(r: OnPremisesRouter): string[] {
  const connected = new Set(r.networks.map((n) => parseCidr(n)?.cidr.text));
  return (r.os.bgp?.networks ?? [])
    .map((n) => parseCidr(n.prefix)?.cidr.text ?? n.prefix)
    .filter((p) => connected.has(p));
}

/** The tunnel of a router's connections whose AWS inside address a neighbour statement names. */
function tunnelFor(conns: VpnConnection[], ip: string) {
  for (const c of conns) for (const t of c.tunnels) if (awsInsideIp(t.insideCidr) === ip) return { c, t };
  return undefined;
}

/**
 * The AWS side's ASN on a connection: its virtual private gateway's; a transit gateway's VPN
 * answers with AWS's default, 64512 (the model keeps no ASN for transit gateways).
 */
function awsAsn(t: Topology, c: VpnConnection): number {
  return t.vpnGateways.find((g) => g.id === c.gateway)?.amazonSideAsn ?? 64512;
}

/**
 * One pass of every on-premises router's sessions at the current simulated time, then what the
 * gateways learned written where it changed.
 */
export function tickVpnBgp(state: ControlState): void {
  const t = state.topology;
  if (t.onPremisesRouters.length === 0) return;
  const now = state.world.time;
  const wanted = new Map<string, { up: boolean; learned: string[]; asPathLength: number }>();
  for (const r of t.onPremisesRouters) {
    const cgw = t.customerGateways.find((g) => g.id === r.customerGateway);
    const conns = t.vpnConnections.filter((c) => c.customerGateway === r.customerGateway && c.routing === 'bgp');
    for (const c of conns)
      for (const x of c.tunnels) wanted.set(tunnelId(c.id, x.outsideIp), { up: false, learned: [], asPathLength: 1 });
    const cfg = r.os.bgp;
    if (!cfg || !cgw) continue;
    for (const n of cfg.neighbors) {
      const found = tunnelFor(conns, n.ip);
      const s = sessionOf(state, sessionKey(r.id, n.ip));
      const tunnel = found && tunnelId(found.c.id, found.t.outsideIp);
      const reachable =
        found !== undefined &&
        !state.world.failed.has(r.id) &&
        !state.world.failed.has(tunnel!) &&
        n.remoteAsn === awsAsn(t, found.c) &&
        cfg.asn === cgw.bgpAsn;
      const change = keepalive(state, s, reachable, Math.min(cfg.holdTime, AWS_VPN_HOLD_TIME));
      if (change) {
        const up = change === 'up';
        logAdjChange(state, r.id, n.ip, change);
        state.world.events.change({
          at: now,
          kind: 'bgp-session',
          instance: r.id,
          text: up
            ? `session to ${n.ip} (AS ${n.remoteAsn}) over ${tunnel} up`
            : `session to ${n.ip} down: nothing heard for the hold time; ${tunnel ?? 'the tunnel'} carries no routes`,
          outcome: up ? 'ok' : 'failed',
        });
      }
      if (tunnel && s.state === 'Established')
        wanted.set(tunnel, {
          up: true,
          learned: [...(n.defaultOriginate ? ['0.0.0.0/0'] : []), ...announcedBy(r)],
          asPathLength: 1 + (n.prependOut ?? 0),
        });
    }
  }
  const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
  const differs = t.vpnConnections.some((c) =>
    c.tunnels.some((x) => !same(wanted.get(tunnelId(c.id, x.outsideIp)), x.bgp)),
  );
  if (!differs) return;
  state.apply((tt) => {
    for (const c of tt.vpnConnections)
      for (const x of c.tunnels) {
        const w = wanted.get(tunnelId(c.id, x.outsideIp));
        if (w) x.bgp = w;
        else delete x.bgp;
      }
    return undefined;
  });
}
