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
  /** next translated port per NAT device, from 1024 (R61) */
  private readonly nextPort = new Map<string, number>();

  /** A translated source port in 1024–65535, deterministic per device (R61, REMAP_EPHEMERAL_PORT). */
  allocatePort(device: string): number {
    const port = this.nextPort.get(device) ?? 1024;
    this.nextPort.set(device, port >= 65535 ? 1024 : port + 1);
    return port;
  }
}

/**
 * Runtime state of a lab that the network itself does not hold: crashed instances and the
 * simulated clock. The engine has no clock of its own: time is a number the caller advances.
 */
export class World {
  /** instances that hang: AWS sees them running, they neither answer nor forward */
  readonly failed = new Set<string>();
  /** simulated seconds since the lab started */
  time = 0;
  /** what each guest's tcpdump saw during the last experiment, by instance */
  readonly captures = new Map<string, CaptureRecord[]>();
  /** each guest's ARP cache: what resolved, and what failed to (`ip neigh`) */
  readonly neighbors = new Map<string, Map<number, NeighborEntry>>();
  /** what the guests' daemons logged (`journalctl -u keepalived`) */
  readonly logs = new Map<string, LogLine[]>();

  log(instance: string, unit: string, text: string): void {
    let list = this.logs.get(instance);
    if (!list) this.logs.set(instance, (list = []));
    const s = this.time;
    const at = `Jan 01 ${String(Math.floor(s / 3600)).padStart(2, '0')}:${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}:${String(Math.floor(s % 60)).padStart(2, '0')}`;
    list.push({ at, unit, text });
  }

  /** A new experiment starts: captures show only what happens from now on. */
  startExperiment(): void {
    this.captures.clear();
  }

  capture(instance: string, record: CaptureRecord): void {
    let list = this.captures.get(instance);
    if (!list) this.captures.set(instance, (list = []));
    if (list.length < 10_000) list.push(record);
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
}

export interface NeighborEntry {
  dev: string;
  /** undefined: resolution failed (FAILED in `ip neigh`) */
  mac?: string;
}
