import type { DropView, TraceHop } from './hops';

/**
 * What the guests' daemons and the VPC did while simulated time passed: the event timeline a
 * learner reads beside the diagram (DESIGN.md: "an event timeline derived from" the attempt's
 * stored steps). The vocabulary is closed: the page draws each kind its own way.
 */
export type SimEventKind =
  /** a keepalived instance changed state (BACKUP, MASTER), or started or stopped */
  | 'vrrp'
  /** VRRP adverts (IP protocol 112): sent, and received or dropped (R117, R122) */
  | 'advert'
  /** gratuitous ARP: sent, and never delivered (R116, R121) */
  | 'garp'
  /** a notify script a daemon ran, and its exit status */
  | 'script'
  /** an AWS API call a guest made (a notify script's `aws ec2 …`), and its result */
  | 'api'
  /** a BGP session changed state, or could not connect (R28) */
  | 'bgp-session'
  /** a BGP route announced, learned and installed, or withdrawn (R120) */
  | 'bgp-route'
  /** an instance hung or recovered */
  | 'instance'
  /** a daemon (systemd unit) started, stopped or restarted; a configuration file loaded */
  | 'service';

export const SIM_EVENT_KINDS: readonly SimEventKind[] = [
  'vrrp',
  'advert',
  'garp',
  'script',
  'api',
  'bgp-session',
  'bgp-route',
  'instance',
  'service',
];

/** One row of the timeline: a repeating event (adverts every second) is one row with a count. */
export interface SimEvent {
  /** increasing; a row that repeats keeps its id */
  id: number;
  /** simulated seconds of the first occurrence, and of the latest */
  at: number;
  last: number;
  count: number;
  kind: SimEventKind;
  /** the instance that acted */
  instance: string;
  /** the other side: an instance id (a VRRP peer, a BGP neighbour) when there is one */
  peer?: string;
  text: string;
  outcome?: 'ok' | 'dropped' | 'failed';
  drop?: DropView;
  /** the packet's path, for events that sent one (the first occurrence's) */
  trace?: TraceHop[];
}

export type NewEvent = Omit<SimEvent, 'id' | 'last' | 'count'>;

/** Rows kept: the oldest go first. Every repeating kind coalesces, so this covers hours. */
export const MAX_EVENT_ROWS = 400;
/** Rows whose packet trace is kept: a trace is a few hundred bytes, and only recent ones get opened. */
export const MAX_EVENT_TRACES = 80;

/** The timeline's state as plain data (a session snapshot keeps it). */
export interface EventLogData {
  rows: SimEvent[];
  nextId: number;
  /** repeat key → row id, for rows that may still coalesce */
  open: [string, number][];
  lastChange: number;
}

/**
 * The bounded, coalescing timeline. A significant event (a state change, a script, an API
 * call) is a row of its own and closes every repeating row before it; a repeating event (an
 * advert, a GARP, a failed connection attempt) joins the open row with the same key.
 */
export class EventLog {
  rows: SimEvent[] = [];
  private nextId = 1;
  private open = new Map<string, number>();
  /** when the last significant event happened: "until things settle" watches it */
  lastChange = 0;

  /** Adds a significant event: something changed. */
  change(e: NewEvent): void {
    this.open.clear();
    this.lastChange = Math.max(this.lastChange, e.at);
    this.push(e);
  }

  /** Adds a repeating event: it joins the open row with the same key, or opens one. */
  repeat(key: string, e: NewEvent): void {
    const id = this.open.get(key);
    const row = id === undefined ? undefined : this.find(id);
    if (row) {
      row.count++;
      row.last = e.at;
      return;
    }
    this.open.set(key, this.push(e).id);
  }

  private find(id: number): SimEvent | undefined {
    for (let i = this.rows.length - 1; i >= 0; i--) if (this.rows[i]!.id === id) return this.rows[i];
    return undefined;
  }

  private push(e: NewEvent): SimEvent {
    const row: SimEvent = { id: this.nextId++, ...e, last: e.at, count: 1 };
    this.rows.push(row);
    if (this.rows.length > MAX_EVENT_ROWS) this.rows.splice(0, this.rows.length - MAX_EVENT_ROWS);
    // only recent rows keep their packet's path
    const withTrace = this.rows.filter((r) => r.trace);
    for (const r of withTrace.slice(0, Math.max(0, withTrace.length - MAX_EVENT_TRACES))) delete r.trace;
    return row;
  }

  toData(): EventLogData {
    return {
      rows: this.rows.map((r) => structuredCopy(r)),
      nextId: this.nextId,
      open: [...this.open],
      lastChange: this.lastChange,
    };
  }

  static fromData(d: EventLogData): EventLog {
    const log = new EventLog();
    log.rows = d.rows.map((r) => structuredCopy(r));
    log.nextId = d.nextId;
    log.open = new Map(d.open);
    log.lastChange = d.lastChange;
    return log;
  }
}

/** A row copied field by field (the engine has no structuredClone in every runtime it runs in). */
function structuredCopy(r: SimEvent): SimEvent {
  return {
    ...r,
    ...(r.drop ? { drop: { ...r.drop } } : {}),
    ...(r.trace ? { trace: r.trace.map((h) => ({ ...h })) } : {}),
  };
}
