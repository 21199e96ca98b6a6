import type { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { Limits } from '../config';

/** The limiters this process consults, by what they count (rate-limiter-flexible; keys are principals or addresses). */
export interface Limiters {
  /** socket events over all of a principal's connections, on every node */
  events: RateLimiterAbstract;
  eventsByAddress: RateLimiterAbstract;
  api: RateLimiterAbstract;
  apiByAddress: RateLimiterAbstract;
  connections: RateLimiterAbstract;
  connectionsByAddress: RateLimiterAbstract;
  /** learner accounts created per address */
  joins: RateLimiterAbstract;
  /** failed instructor sign-ins: per email and address (consecutive), per address, per email */
  signInFails: RateLimiterAbstract;
  signInFailsByAddress: RateLimiterAbstract;
  signInFailsByEmail: RateLimiterAbstract;
}

/** What a limiter said: go ahead, or wait this long. */
export type Verdict = { ok: true } | { ok: false; retryMs: number };

/**
 * Counts one point for `key`. With Redis every node shares the count; if Redis does not answer,
 * the node's own memory counts instead (the insurance limiter), so an outage does not lift limits.
 */
export async function take(limiter: RateLimiterAbstract, key: string, points = 1): Promise<Verdict> {
  try {
    await limiter.consume(key, points);
    return { ok: true };
  } catch (e) {
    if (e instanceof RateLimiterRes) return { ok: false, retryMs: e.msBeforeNext };
    throw e;
  }
}

/** How long `key` must still wait, without counting anything (0: it may go). */
export async function blockedFor(limiter: RateLimiterAbstract, key: string): Promise<number> {
  const res = await limiter.get(key).catch(() => null);
  return res && res.remainingPoints <= 0 ? res.msBeforeNext : 0;
}

/** Limiters in this process's memory, or shared through Redis by every node. */
export function createLimiters(limits: Limits, redis?: { client: Redis; prefix: string }): Limiters {
  const make = (name: string, points: number, duration: number, blockDuration = 0): RateLimiterAbstract => {
    const base = { keyPrefix: `rl:${name}`, points, duration, ...(blockDuration ? { blockDuration } : {}) };
    if (!redis) return new RateLimiterMemory(base);
    return new RateLimiterRedis({
      ...base,
      keyPrefix: `${redis.prefix}:rl:${name}`,
      storeClient: redis.client,
      // once a key is over, answer from memory until its window ends: a flood costs Redis nothing
      inMemoryBlockOnConsumed: points,
      rejectIfRedisNotReady: true,
      insuranceLimiter: new RateLimiterMemory(base),
    });
  };
  // windows of two seconds: bursts of twice the per-second rate, then the rate
  return {
    events: make('events', limits.eventsPerSecond * 2, 2),
    eventsByAddress: make('events-addr', limits.eventsPerAddressPerSecond * 2, 2),
    api: make('api', limits.apiPerSecond * 2, 2),
    apiByAddress: make('api-addr', limits.apiPerAddressPerSecond * 2, 2),
    connections: make('conn', limits.connectionsPerMinute, 60),
    connectionsByAddress: make('conn-addr', limits.connectionsPerAddressPerMinute, 60),
    joins: make('joins', limits.joinsPerAddress, 600),
    // OWASP's advice for a login form: lock a user-and-address pair after a few failures,
    // slow an address that tries many accounts, and cap one account's failures a day
    signInFails: make('signin-pair', 5, 15 * 60, 15 * 60),
    signInFailsByAddress: make('signin-addr', 30, 3600, 3600),
    signInFailsByEmail: make('signin-email', 50, 24 * 3600, 24 * 3600),
  };
}
