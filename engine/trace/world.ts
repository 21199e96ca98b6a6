import { EventLog, type EventLogData } from './events';

/**
 * Connection state that security groups, NAT gateways, guest NAT and stateful appliances
 * keep between a request and its reply (R66, R61). Each traffic test starts a new
 * connection with its own state; a named `flow` keeps its state across steps.
 */
export class ConnectionState {
  /** security-group connection tracking, per ENI and 5-tuple: true when the flow is untracked (R71) */
  readonly tracked = new Map<string, boolean>();
  /** NAT translations: forward key → translated port, reverse key → original client */
  readonly natForward = new Map<string, number>();
  readonly natReverse = new Map<string, { ip: number; port: number }>();
  /** when each NAT translation last carried a packet, in simulated seconds (R64) */
  readonly natLastSeen = new Map<string, number>();
  /** sessions seen by stateful appliances (os.firewall: stateful) */
  readonly sessions = new Set<string>();
  /** load balancer flows: the client's 5-tuple at the balancer → what it was sent to the target as */
  readonly lbForward = new Map<string, LbLeg>();
  /** the target's answer, keyed as it leaves the target → how the balancer turns it back */
  readonly lbReverse = new Map<string, LbReturn>();
  /** next translated port per NAT device, from 1024 (R61) */
  private readonly nextPort = new Map<string, number>();

  /** A translated source port in 1024–65535, deterministic per device (R61, REMAP_EPHEMERAL_PORT). */
  allocatePort(device: string): number {
    const port = this.nextPort.get(device) ?? 1024;
    this.nextPort.set(device, port >= 65535 ? 1024 : port + 1);
    return port;
  }

  /** The state as plain data (a session snapshot keeps it). */
  toData(): ConnectionData {
    return {
      tracked: [...this.tracked],
      natForward: [...this.natForward],
      natReverse: [...this.natReverse],
      natLastSeen: [...this.natLastSeen],
      sessions: [...this.sessions],
      nextPort: [...this.nextPort],
      lbForward: [...this.lbForward],
      lbReverse: [...this.lbReverse],
    };
  }

  static fromData(d: ConnectionData): ConnectionState {
    const c = new ConnectionState();
    for (const [k, v] of d.tracked) c.tracked.set(k, v);
    for (const [k, v] of d.natForward) c.natForward.set(k, v);
    for (const [k, v] of d.natReverse) c.natReverse.set(k, { ...v });
    for (const [k, v] of d.natLastSeen) c.natLastSeen.set(k, v);
    for (const k of d.sessions) c.sessions.add(k);
    for (const [k, v] of d.nextPort) c.nextPort.set(k, v);
    for (const [k, v] of d.lbForward ?? []) c.lbForward.set(k, { ...v });
    for (const [k, v] of d.lbReverse ?? []) c.lbReverse.set(k, { ...v });
    return c;
  }
}

/** A connection's state as plain data. */
export interface ConnectionData {
  tracked: [string, boolean][];
  natForward: [string, number][];
  natReverse: [string, { ip: number; port: number }][];
  natLastSeen: [string, number][];
  sessions: string[];
  nextPort: [string, number][];
  lbForward?: [string, LbLeg][];
  lbReverse?: [string, LbReturn][];
}

/** How a load balancer sent a client's flow on: to this target address and port, from this source. */
export interface LbLeg {
  src: number;
  srcPort: number;
  dst: number;
  dstPort: number;
}

/** A target's answer to a balanced flow goes back through this balancer node, as the listener. */
export interface LbReturn {
  lb: string;
  node: string;
  listenerIp: number;
  listenerPort: number;
  client: number;
  clientPort: number;
}

/**
 * Frames each guest's capture buffer keeps per experiment: tcpdump shows the first ones. Ten
 * simulated minutes of BGP keepalives would otherwise make a session's state megabytes large.
 */
export const MAX_CAPTURES = 200;
/** Journal lines kept per guest: the oldest go first. */
export const MAX_LOG_LINES = 1000;

/**
 * Runtime state of a lab that the network itself does not hold: crashed instances and the
 * simulated clock. The engine has no clock of its own: time is a number the caller advances.
 */
export class World {
  /**
   * What a `fail` step took down: instances that hang (AWS sees them running, they neither answer
   * nor forward) and VPN tunnels (`<vpn id>/<outside ip>`, vpn-tunnel.ts)
   */
  readonly failed = new Set<string>();
  /** simulated seconds since the lab started */
  time = 0;
  /**
   * experiments run so far (traffic tests, traffic commands, waits): one is an event in the
   * lab's history even when it finds exactly what the last one found
   */
  experiments = 0;
  /** what each guest's tcpdump saw during the last experiment, by instance */
  readonly captures = new Map<string, CaptureRecord[]>();
  /** each guest's ARP cache: what resolved, and what failed to (`ip neigh`) */
  readonly neighbors = new Map<string, Map<number, NeighborEntry>>();
  /** what the guests' daemons logged (`journalctl -u keepalived`) */
  readonly logs = new Map<string, LogLine[]>();
  /** what the daemons and the VPC did while time passed, for the timeline and the diagram */
  events = new EventLog();

  log(instance: string, unit: string, text: string, proc?: string): void {
    let list = this.logs.get(instance);
    if (!list) this.logs.set(instance, (list = []));
    const s = this.time;
    const at = `Jan 01 ${String(Math.floor(s / 3600)).padStart(2, '0')}:${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}:${String(Math.floor(s % 60)).padStart(2, '0')}`;
    list.push(proc ? { at, unit, text, proc } : { at, unit, text });
    // journald rotates; a flapping daemon cannot fill the session's memory
    if (list.length > MAX_LOG_LINES) list.splice(0, list.length - MAX_LOG_LINES);
  }

  /** A new experiment starts: captures show only what happens from now on. */
  startExperiment(): void {
    this.experiments++;
    this.captures.clear();
  }

  /** frames each guest device received and sent since the guest booted (`ip -s link`), by `instance|dev` */
  readonly counters = new Map<string, { rx: number; tx: number }>();

  capture(instance: string, record: CaptureRecord): void {
    const key = `${instance}|${record.dev}`;
    const c = this.counters.get(key) ?? { rx: 0, tx: 0 };
    if (record.direction === 'in') c.rx++;
    else c.tx++;
    this.counters.set(key, c);
    let list = this.captures.get(instance);
    if (!list) this.captures.set(instance, (list = []));
    if (list.length < MAX_CAPTURES) list.push(record);
  }

  /** The world as plain data (a session snapshot keeps it). */
  toData(): WorldData {
    return {
      time: this.time,
      experiments: this.experiments,
      failed: [...this.failed],
      captures: [...this.captures].map(([k, v]) => [k, v.map(packCapture)]),
      neighbors: [...this.neighbors].map(([k, v]) => [k, [...v].map(([ip, e]) => [ip, { ...e }])]),
      logs: [...this.logs].map(([k, v]) => [k, v.map((l) => ({ ...l }))]),
      events: this.events.toData(),
      counters: [...this.counters].map(([k, v]) => [k, { ...v }]),
    };
  }

  static fromData(d: WorldData): World {
    const w = new World();
    w.time = d.time;
    w.experiments = d.experiments;
    for (const id of d.failed) w.failed.add(id);
    for (const [k, v] of d.captures) w.captures.set(k, v.map(unpackCapture));
    for (const [k, v] of d.neighbors) w.neighbors.set(k, new Map(v.map(([ip, e]) => [ip, { ...e }])));
    for (const [k, v] of d.logs)
      w.logs.set(
        k,
        v.map((l) => ({ ...l })),
      );
    w.events = EventLog.fromData(d.events);
    for (const [k, v] of d.counters ?? []) w.counters.set(k, { ...v });
    return w;
  }

  neighbor(instance: string, ip: number, dev: string, mac?: string): void {
    let table = this.neighbors.get(instance);
    if (!table) this.neighbors.set(instance, (table = new Map()));
    const known = table.get(ip);
    if (known && known.mac === mac && known.dev === dev) return;
    table.set(ip, mac === undefined ? { dev } : { dev, mac });
  }
}

/** One frame as a guest's tcpdump shows it. */
export interface CaptureRecord {
  time: number;
  dev: string;
  direction: 'in' | 'out';
  srcMac: string;
  dstMac: string;
  src: number;
  dst: number;
  protocol: number;
  srcPort: number;
  dstPort: number;
  /** a request's first packet, or an answer (echo reply, SYN-ACK, RST) */
  role: 'request' | 'reply' | 'reset';
  /** extra text for protocols tcpdump decodes (VRRP adverts, BGP) */
  note?: string;
}

export interface LogLine {
  at: string;
  unit: string;
  text: string;
  /** the process that logged it, when not the unit's daemon (`systemd[1]`) */
  proc?: string;
}

export interface NeighborEntry {
  dev: string;
  /** undefined: resolution failed (FAILED in `ip neigh`) */
  mac?: string;
}

/** A captured frame as a row (a session's state holds up to hundreds of them per guest). */
type PackedCapture = [
  number,
  string,
  'in' | 'out',
  string,
  string,
  number,
  number,
  number,
  number,
  number,
  CaptureRecord['role'],
  string?,
];

function packCapture(r: CaptureRecord): PackedCapture {
  const row: PackedCapture = [
    r.time,
    r.dev,
    r.direction,
    r.srcMac,
    r.dstMac,
    r.src,
    r.dst,
    r.protocol,
    r.srcPort,
    r.dstPort,
    r.role,
  ];
  if (r.note !== undefined) row.push(r.note);
  return row;
}

function unpackCapture(row: PackedCapture): CaptureRecord {
  const [time, dev, direction, srcMac, dstMac, src, dst, protocol, srcPort, dstPort, role, note] = row;
  return {
    time,
    dev,
    direction,
    srcMac,
    dstMac,
    src,
    dst,
    protocol,
    srcPort,
    dstPort,
    role,
    ...(note !== undefined ? { note } : {}),
  };
}

/** The world as plain data. */
export interface WorldData {
  time: number;
  experiments: number;
  failed: string[];
  captures: [string, PackedCapture[]][];
  neighbors: [string, [number, NeighborEntry][]][];
  logs: [string, LogLine[]][];
  events: EventLogData;
  counters?: [string, { rx: number; tx: number }][];
}
