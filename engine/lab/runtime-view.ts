import { peerSession } from '../control/daemons/route-server';
import { endpointAddresses } from '../network/build-route-servers';
import { holderOf, unitStopped } from '../control/daemons/bgp';
import { sessionKey } from '../control/daemons/bgp-session';
import { parseIp } from '../net/ipv4';
import type { SimEvent } from '../trace/events';
import type { LabSession } from './session';

/** A keepalived member as the diagram badges it. */
export interface VrrpMember {
  instance: string;
  name: string;
  /** STOPPED: configured, but keepalived does not run (systemctl stop, the instance stopped) */
  state: 'MASTER' | 'BACKUP' | 'STOPPED';
  vip: string;
  /** the VIP is configured in this guest now (only a master has it; AWS never knows, R23) */
  holdsVip: boolean;
  priority: number;
}

/** A BGP session as an edge of the diagram: up when both sides have it Established. */
export interface BgpEdge {
  a: string;
  b: string;
  state: 'Established' | 'Idle';
  /** each side's own view */
  sides: { instance: string; neighbor: string; state: 'Established' | 'Idle' }[];
}

/** What time and the daemons have done to an attempt: the clock, the badges, the edges, the timeline. */
export interface RuntimeView {
  time: number;
  failed: string[];
  vrrp: VrrpMember[];
  bgp: BgpEdge[];
  /** the timeline, oldest first (bounded: the engine keeps MAX_EVENT_ROWS) */
  events: SimEvent[];
}

/** The runtime state of a session, as the page shows it beside the topology. */
export function runtimeView(session: LabSession): RuntimeView {
  const c = session.control;
  const vrrp: VrrpMember[] = [];
  const edges = new Map<string, BgpEdge>();
  for (const inst of c.network.instances.values()) {
    const cfg = inst.os.vrrp;
    if (cfg) {
      const rt = c.daemons.vrrp.get(inst.id);
      vrrp.push({
        instance: inst.id,
        name: cfg.name,
        state: rt ? rt.state : 'STOPPED',
        vip: cfg.vip,
        holdsVip: inst.os.daemonAddresses.some((a) => a.ip === cfg.vip),
        priority: cfg.priority,
      });
    }
    const bgp = inst.os.bgp;
    if (!bgp || unitStopped(c, inst.id, 'frr') || inst.state !== 'running') continue;
    for (const n of bgp.neighbors) {
      const peer = holderOf(c.network, parseIp(n.ip)!);
      if (!peer || peer.id === inst.id) continue;
      const [a, b] = inst.id < peer.id ? [inst.id, peer.id] : [peer.id, inst.id];
      const key = `${a}|${b}`;
      const state = c.daemons.bgp.get(sessionKey(inst.id, n.ip))?.state ?? 'Idle';
      const edge = edges.get(key) ?? { a, b, state: 'Established', sides: [] };
      edge.sides.push({ instance: inst.id, neighbor: n.ip, state });
      edges.set(key, edge);
    }
  }
  for (const e of edges.values())
    e.state = e.sides.length === 2 && e.sides.every((s) => s.state === 'Established') ? 'Established' : 'Idle';
  // a route server's sessions: the appliance and the endpoint it peers with (one side: AWS's is the session)
  const addresses = endpointAddresses(c.topology);
  for (const rs of c.topology.routeServers)
    for (const peer of rs.peers) {
      const p = peerSession(c, peer, addresses);
      if (!p.inst || !p.endpointIp) continue;
      const state = p.bgpUp ? 'Established' : 'Idle';
      edges.set(`${p.inst.id}|${peer.endpoint}`, {
        a: p.inst.id,
        b: peer.endpoint,
        state,
        sides: [{ instance: p.inst.id, neighbor: p.endpointIp, state }],
      });
    }
  return {
    time: c.world.time,
    failed: [...c.world.failed].sort(),
    vrrp: vrrp.sort((x, y) => (x.instance < y.instance ? -1 : 1)),
    bgp: [...edges.values()].sort((x, y) => (x.a + x.b < y.a + y.b ? -1 : 1)),
    events: c.world.events.rows.map((r) => ({ ...r })),
  };
}
