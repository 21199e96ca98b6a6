import type { Redis } from 'ioredis';

/**
 * Which process holds a session's room (DESIGN.md: one authoritative SessionRoom per session,
 * owner chosen by Redis). A single process owns every room. Several processes share Redis:
 * the first to need a room takes a lease on it and renews it while it lives; if it dies, the
 * lease runs out and the next process to need the room takes it and reloads it from the
 * database, where every acknowledged operation already is.
 */
export interface RoomDirectory {
  readonly nodeId: string;
  readonly clustered: boolean;
  /** how long a lease lasts: a dead owner's rooms move after at most this */
  readonly leaseMs: number;
  /** the room's owner now; takes the lease when nobody holds it */
  owner(sessionId: string): Promise<string>;
  close(): Promise<void>;
}

export function localDirectory(nodeId: string): RoomDirectory {
  return { nodeId, clustered: false, leaseMs: 0, owner: async () => nodeId, close: async () => undefined };
}

/** Renews the lease only while this process still holds it. */
const RENEW = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end`;
const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

export class RedisDirectory implements RoomDirectory {
  readonly clustered = true;
  private readonly owned = new Set<string>();
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    readonly nodeId: string,
    readonly leaseMs: number,
    /** called when this process takes a room (its cached copy, if any, is stale) or loses one */
    private readonly onChange: (sessionId: string, change: 'claimed' | 'lost') => void,
  ) {
    this.timer = setInterval(() => void this.renew(), Math.max(100, Math.floor(leaseMs / 3)));
    this.timer.unref();
  }

  private key(sessionId: string): string {
    return `${this.prefix}:room:${sessionId}`;
  }

  async owner(sessionId: string): Promise<string> {
    // a room held here stays here until the renewal finds the lease gone (the database's event
    // numbers refuse a write from a process that lost the room without noticing yet)
    if (this.owned.has(sessionId)) return this.nodeId;
    const key = this.key(sessionId);
    const current = await this.redis.get(key);
    if (current) {
      if (current !== this.nodeId && this.owned.delete(sessionId)) this.onChange(sessionId, 'lost');
      return current;
    }
    const took = await this.redis.set(key, this.nodeId, 'PX', this.leaseMs, 'NX');
    if (took === 'OK') {
      this.owned.add(sessionId);
      this.onChange(sessionId, 'claimed');
      return this.nodeId;
    }
    return (await this.redis.get(key)) ?? this.nodeId;
  }

  private async renew(): Promise<void> {
    for (const sessionId of [...this.owned]) {
      const kept = await this.redis
        .eval(RENEW, 1, this.key(sessionId), this.nodeId, String(this.leaseMs))
        .catch(() => 0);
      if (kept !== 1 && this.owned.delete(sessionId)) this.onChange(sessionId, 'lost');
    }
  }

  /** A clean shutdown hands its rooms back at once instead of waiting for the leases to run out. */
  async close(): Promise<void> {
    clearInterval(this.timer);
    await Promise.all(
      [...this.owned].map((id) => this.redis.eval(RELEASE, 1, this.key(id), this.nodeId).catch(() => 0)),
    );
    this.owned.clear();
  }
}
