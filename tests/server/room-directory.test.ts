import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { RedisDirectory } from '../../app/_server/cluster/room-directory';
import { REDIS_URL } from './cluster-fixture';
import { until } from './live-helpers';

describe('room leases in Redis', () => {
  const redis = new Redis(REDIS_URL);
  const prefix = `underlay-test:leases:${process.pid}:${Date.now()}`;
  afterAll(async () => {
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length) await redis.del(...keys);
    await redis.quit();
  });

  it('gives a room to the first process that needs it, keeps it while renewed, hands it over on close, and notices a lost lease', async () => {
    const changes: string[] = [];
    const one = new RedisDirectory(redis, prefix, 'one', 300, (id, c) => changes.push(`one ${c} ${id}`));
    const two = new RedisDirectory(redis, prefix, 'two', 300, (id, c) => changes.push(`two ${c} ${id}`));
    expect(await one.owner('s1')).toBe('one');
    expect(await two.owner('s1')).toBe('one');
    // renewed past several lease lengths
    await new Promise((r) => setTimeout(r, 1000));
    expect(await two.owner('s1')).toBe('one');
    expect(await redis.pttl(`${prefix}:room:s1`)).toBeGreaterThan(0);

    // a clean shutdown releases at once; the next process to ask takes the room
    await one.close();
    expect(await two.owner('s1')).toBe('two');

    // another writer took the key (a partition healed the wrong way): the holder finds out at its next renewal
    await redis.set(`${prefix}:room:s1`, 'three', 'PX', 5000);
    await until(() => changes.includes('two lost s1'), 2000, 'the loss to be noticed');
    expect(await two.owner('s1')).toBe('three');
    expect(changes).toEqual(['one claimed s1', 'two claimed s1', 'two lost s1']);
    await two.close();
    // closing does not release a lease it no longer holds
    expect(await redis.get(`${prefix}:room:s1`)).toBe('three');
  });
});
