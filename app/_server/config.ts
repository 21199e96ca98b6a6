import { availableParallelism } from 'node:os';
import { z } from 'zod';

/**
 * The server's settings, read once from its environment. Every mistake names the variable to
 * fix, in one line (`PORT: "abc" is not a port number`), so a boot error is a sentence, not a
 * stack. server.ts, scripts/live-node.ts and the tests build the server from one of these.
 */
export interface Config {
  port: number;
  host: string;
  /** a real PostgreSQL; without it the embedded PGlite under dataDir (one process owns it) */
  databaseUrl?: string;
  /** PGlite's data and the session secret; `memory://` keeps nothing (tests) */
  dataDir: string;
  levelsDir: string;
  sessionSecret?: string;
  gradingThreads: number;
  stepThreads: number;
  redisUrl?: string;
  redisPrefix: string;
  leaseMs: number;
  /** how many proxies in front of this server may be believed about the client (X-Forwarded-For) */
  trustProxy: number;
  /** origins whose pages may change state and open sockets; empty: only the server's own */
  allowedOrigins: string[];
  /** the address learners use (https://… makes cookies Secure even if TLS ends at a proxy) */
  publicUrl?: string;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  limits: Limits;
}

/** What one client may cost; each has a variable, for a hall behind one address or a load test. */
export interface Limits {
  /** socket events a learner may send, over all their connections, per second (bursts of twice that) */
  eventsPerSecond: number;
  /** socket events one address may send per second (a class behind one NAT shares it) */
  eventsPerAddressPerSecond: number;
  /** HTTP API requests per principal (or address, signed out) per second */
  apiPerSecond: number;
  apiPerAddressPerSecond: number;
  /** socket connections a principal may open per minute, and hold open on one node */
  connectionsPerMinute: number;
  openConnections: number;
  connectionsPerAddressPerMinute: number;
  /** learner accounts one address may create per 10 minutes */
  joinsPerAddress: number;
  /** a learner step may run this long on a step thread */
  stepDeadlineMs: number;
  /** step-thread time one learner may use, per second (in bursts of 12 seconds' worth) */
  stepMsPerSecond: number;
  rebuildDeadlineMs: number;
  gradeDeadlineMs: number;
  /** steps one attempt keeps */
  stepsPerAttempt: number;
  /** an attempt's engine state, as JSON */
  snapshotBytes: number;
  /** request bodies and socket payloads */
  bodyBytes: number;
  /** a running clock: real ms per simulated second; seconds between stores; idle seconds before it pauses */
  clockTickMs: number;
  clockStoreEvery: number;
  clockIdleSeconds: number;
  /** clocks running at once on this process (each learner runs one at a time) */
  runningClocks: number;
}

export const DEFAULT_LIMITS: Limits = {
  eventsPerSecond: 10,
  eventsPerAddressPerSecond: 300,
  apiPerSecond: 20,
  apiPerAddressPerSecond: 100,
  connectionsPerMinute: 30,
  openConnections: 10,
  connectionsPerAddressPerMinute: 600,
  joinsPerAddress: 100,
  stepDeadlineMs: 2000,
  stepMsPerSecond: 250,
  rebuildDeadlineMs: 15_000,
  gradeDeadlineMs: 20_000,
  stepsPerAttempt: 500,
  snapshotBytes: 2 * 1024 * 1024,
  bodyBytes: 32 * 1024,
  clockTickMs: 1000,
  clockStoreEvery: 30,
  clockIdleSeconds: 120,
  runningClocks: 400,
};

const LIMIT_VARS: Record<keyof Limits, string> = {
  eventsPerSecond: 'LIMIT_EVENTS_PER_SECOND',
  eventsPerAddressPerSecond: 'LIMIT_EVENTS_PER_ADDRESS',
  apiPerSecond: 'LIMIT_API_PER_SECOND',
  apiPerAddressPerSecond: 'LIMIT_API_PER_ADDRESS',
  connectionsPerMinute: 'LIMIT_CONNECTIONS_PER_MINUTE',
  openConnections: 'LIMIT_OPEN_CONNECTIONS',
  connectionsPerAddressPerMinute: 'LIMIT_CONNECTIONS_PER_ADDRESS',
  joinsPerAddress: 'LIMIT_JOINS_PER_ADDRESS',
  stepDeadlineMs: 'STEP_DEADLINE_MS',
  stepMsPerSecond: 'LIMIT_STEP_MS_PER_SECOND',
  rebuildDeadlineMs: 'REBUILD_DEADLINE_MS',
  gradeDeadlineMs: 'GRADE_DEADLINE_MS',
  stepsPerAttempt: 'LIMIT_STEPS_PER_ATTEMPT',
  snapshotBytes: 'LIMIT_SNAPSHOT_BYTES',
  bodyBytes: 'LIMIT_BODY_BYTES',
  clockTickMs: 'CLOCK_TICK_MS',
  clockStoreEvery: 'CLOCK_STORE_EVERY',
  clockIdleSeconds: 'CLOCK_IDLE_SECONDS',
  runningClocks: 'LIMIT_RUNNING_CLOCKS',
};

/** A configuration mistake: the variable and what is wrong with it. */
export class ConfigError extends Error {}

const count = (min: number) =>
  z
    .string()
    .regex(/^\d+$/, 'is not a whole number')
    .transform(Number)
    .pipe(z.number().min(min, `must be at least ${min}`));
const url = (schemes: string[], what: string) =>
  z.string().refine(
    (v) => {
      try {
        return schemes.includes(new URL(v).protocol);
      } catch {
        return false;
      }
    },
    `is not a ${what} URL (${schemes.map((s) => `${s}//…`).join(' or ')})`,
  );

const FIELDS = {
  PORT: z
    .string()
    .regex(/^\d{1,5}$/, 'is not a port number (0–65535)')
    .transform(Number)
    .pipe(z.number().max(65535, 'is not a port number (0–65535)')),
  HOST: z.string().min(1),
  DATABASE_URL: url(['postgresql:', 'postgres:'], 'PostgreSQL'),
  DATA_DIR: z.string().min(1),
  LEVELS_DIR: z.string().min(1),
  SESSION_SECRET: z.string().min(32, 'must be at least 32 characters (a random string)'),
  GRADING_THREADS: count(0),
  STEP_THREADS: count(0),
  REDIS_URL: url(['redis:', 'rediss:'], 'Redis'),
  REDIS_PREFIX: z.string().regex(/^[\w:.-]+$/, 'may hold letters, digits and : . _ - only'),
  LEASE_MS: count(100),
  TRUST_PROXY: count(0),
  ALLOWED_ORIGINS: z.string(),
  PUBLIC_URL: url(['http:', 'https:'], 'web'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']),
};

function read<K extends keyof typeof FIELDS>(
  env: NodeJS.ProcessEnv,
  name: K,
): z.output<(typeof FIELDS)[K]> | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  const r = FIELDS[name].safeParse(raw);
  if (!r.success) {
    const shown = name === 'SESSION_SECRET' ? 'the value' : JSON.stringify(raw);
    throw new ConfigError(
      `${name}: ${shown} ${r.error.issues[0]?.message.replace(/^Invalid input: /, '') ?? 'is not valid'}`,
    );
  }
  return r.data as z.output<(typeof FIELDS)[K]>;
}

/** An origin as a browser sends it: scheme, host and port, no path. */
function origin(name: string, text: string): string {
  try {
    const u = new URL(text);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error();
    return u.origin;
  } catch {
    throw new ConfigError(`${name}: ${JSON.stringify(text)} is not an origin (https://class.example.org)`);
  }
}

/** The default grading-thread count: every core but the one that serves sockets, at least one. */
export function defaultThreads(): number {
  return Math.max(1, availableParallelism() - 1);
}

/**
 * The default step-thread count: as many, but at least two. A learner has one step running at
 * most, so with two threads one learner's expensive steps never hold up everyone else's.
 */
export function defaultStepThreads(): number {
  return Math.max(2, availableParallelism() - 1);
}

/** The configuration an environment describes; throws a ConfigError naming the variable. */
export function loadConfig(env: NodeJS.ProcessEnv, defaults: { dataDir: string; levelsDir: string }): Config {
  const limits = { ...DEFAULT_LIMITS };
  for (const [key, name] of Object.entries(LIMIT_VARS) as [keyof Limits, string][]) {
    const raw = env[name];
    if (raw === undefined || raw === '') continue;
    const r = count(1).safeParse(raw);
    if (!r.success)
      throw new ConfigError(`${name}: ${JSON.stringify(raw)} ${r.error.issues[0]?.message ?? 'is not valid'}`);
    limits[key] = r.data;
  }
  const redisUrl = read(env, 'REDIS_URL');
  const databaseUrl = read(env, 'DATABASE_URL');
  if (redisUrl && !databaseUrl)
    throw new ConfigError(
      'DATABASE_URL: REDIS_URL makes this one node of several, and they must share a PostgreSQL: set DATABASE_URL too (the embedded PGlite belongs to one process)',
    );
  const publicUrl = read(env, 'PUBLIC_URL');
  const allowed = (read(env, 'ALLOWED_ORIGINS') ?? '')
    .split(',')
    .map((o) => o.trim())
    .filter(Boolean)
    .map((o) => origin('ALLOWED_ORIGINS', o));
  const sessionSecret = read(env, 'SESSION_SECRET');
  return {
    port: read(env, 'PORT') ?? 3000,
    host: read(env, 'HOST') ?? '0.0.0.0',
    ...(databaseUrl ? { databaseUrl } : {}),
    dataDir: read(env, 'DATA_DIR') ?? defaults.dataDir,
    levelsDir: read(env, 'LEVELS_DIR') ?? defaults.levelsDir,
    ...(sessionSecret ? { sessionSecret } : {}),
    gradingThreads: read(env, 'GRADING_THREADS') ?? defaultThreads(),
    stepThreads: read(env, 'STEP_THREADS') ?? defaultStepThreads(),
    ...(redisUrl ? { redisUrl } : {}),
    redisPrefix: read(env, 'REDIS_PREFIX') ?? 'underlay',
    leaseMs: read(env, 'LEASE_MS') ?? 3000,
    trustProxy: read(env, 'TRUST_PROXY') ?? 0,
    allowedOrigins: [...(publicUrl ? [new URL(publicUrl).origin] : []), ...allowed],
    ...(publicUrl ? { publicUrl } : {}),
    logLevel: read(env, 'LOG_LEVEL') ?? (env.NODE_ENV === 'test' ? 'silent' : 'info'),
    limits,
  };
}

/** A configuration for code that builds the server itself (tests, benchmarks): defaults, then `over`. */
export function testConfig(over: Partial<Omit<Config, 'limits'>> & { limits?: Partial<Limits> } = {}): Config {
  const base = loadConfig({ NODE_ENV: 'test' }, { dataDir: 'memory://', levelsDir: 'challenges' });
  return { ...base, gradingThreads: 1, stepThreads: 1, ...over, limits: { ...base.limits, ...over.limits } };
}

/**
 * A reason the server cannot start, as the one line an operator reads: a configuration
 * mistake names its variable; anything else says what failed, without a stack.
 */
export function bootErrorLine(e: unknown): string {
  return e instanceof Error ? e.message.split('\n')[0]! : String(e);
}
