import type { BootOptions } from './boot';
import type { RealtimeOptions } from './cluster/realtime';

/**
 * The server's settings from its environment, shared by server.ts and scripts/live-node.ts:
 * DATABASE_URL, DATA_DIR, GRADING_THREADS, REDIS_URL, REDIS_PREFIX, LEASE_MS, SOCKET_RATE.
 */
export function optionsFromEnv(
  env: NodeJS.ProcessEnv,
  defaults: { dataDir: string },
): { boot: BootOptions; realtime: RealtimeOptions } {
  const redis = {
    ...(env.REDIS_URL ? { redisUrl: env.REDIS_URL } : {}),
    ...(env.REDIS_PREFIX ? { redisPrefix: env.REDIS_PREFIX } : {}),
  };
  return {
    boot: {
      ...(env.DATABASE_URL ? { databaseUrl: env.DATABASE_URL } : {}),
      dataDir: env.DATA_DIR ?? defaults.dataDir,
      ...(env.GRADING_THREADS ? { gradingThreads: Number(env.GRADING_THREADS) } : {}),
      ...redis,
    },
    realtime: {
      ...redis,
      ...(env.LEASE_MS ? { leaseMs: Number(env.LEASE_MS) } : {}),
      ...(env.SOCKET_RATE ? { rate: { perSecond: Number(env.SOCKET_RATE), burst: Number(env.SOCKET_RATE) * 2 } } : {}),
    },
  };
}
