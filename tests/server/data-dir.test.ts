import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { spawnReady } from '../../scripts/spawn-ready';

const root = path.resolve(import.meta.dirname, '../..');
const tsx = path.join(root, 'node_modules/.bin/tsx');

/** Runs a project script to its end: its exit status and what it printed. */
function run(file: string, args: string[], env: Record<string, string>) {
  return spawnSync(tsx, [file, ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, ...env },
    timeout: 60_000,
  });
}

/** Starts a node and returns its exit status and stderr (it is expected to refuse to start). */
function refusal(file: string, env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const proc = spawn(process.execPath, ['--import', 'tsx', path.join(root, file)], {
      cwd: root,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    proc.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    proc.on('exit', (code) => resolve({ code, stderr }));
  });
}

/** Every file and folder under `dir` whose mode lets its group or others in. */
function notPrivate(dir: string): string[] {
  const out: string[] = [];
  const walk = (p: string) => {
    const st = statSync(p);
    if ((st.mode & 0o077) !== 0) out.push(`${p} ${(st.mode & 0o777).toString(8)}`);
    if (st.isDirectory()) for (const n of readdirSync(p)) walk(path.join(p, n));
  };
  walk(dir);
  return out;
}

async function signIn(port: number, email: string, password: string): Promise<number> {
  const res = await fetch(`http://127.0.0.1:${port}/api/session/instructor`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  return res.status;
}

describe('the embedded database belongs to one process (issue 11)', () => {
  it('a second process on the same DATA_DIR refuses to start and says why; user:create works through the running server', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'underlay-owner-'));
    const env = { DATA_DIR: dataDir, NODE_ENV: 'test', GRADING_THREADS: '0', STEP_THREADS: '0' };
    const first = await spawnReady('scripts/live-node.ts', env);
    try {
      // issue 11: both ran, and 60 acknowledged steps were lost
      const second = await refusal('scripts/live-node.ts', env);
      expect(second.code).toBe(1);
      expect(second.stderr.trim()).toBe(
        `live-node cannot start: DATA_DIR: another Underlay process (pid ${first.proc.pid}) already uses the embedded database in ${dataDir}. ` +
          'Stop it first, give this one its own DATA_DIR, or run several processes on one PostgreSQL (DATABASE_URL).',
      );
      // issue 11: user:create printed "created" and the running server never saw the account
      const made = run(
        'scripts/user-create.ts',
        ['--email', 'ada@example.com', '--password', 'a long enough secret', '--name', 'Ada'],
        { DATA_DIR: dataDir },
      );
      expect(made.status, made.stderr).toBe(0);
      expect(made.stdout).toMatch(/^created instructor ada@example\.com \([0-9a-f-]+\) through the running server/);
      expect(await signIn(first.port, 'ada@example.com', 'a long enough secret')).toBe(200);
      const twice = run(
        'scripts/user-create.ts',
        ['--email', 'ada@example.com', '--password', 'a long enough secret'],
        { DATA_DIR: dataDir },
      );
      expect(twice).toMatchObject({ status: 1, stderr: 'user:create: An account with this email already exists.\n' });
    } finally {
      first.proc.kill('SIGKILL');
      await new Promise((r) => first.proc.once('exit', r));
    }
    // killed without a chance to clean up: its lock went with it, and the account is still there
    const next = await spawnReady('scripts/live-node.ts', env);
    try {
      expect(await signIn(next.port, 'ada@example.com', 'a long enough secret')).toBe(200);
    } finally {
      next.proc.kill('SIGTERM');
      await new Promise((r) => next.proc.once('exit', r));
    }
    // issue 11: PGlite's files were created world-writable (666)
    expect(statSync(dataDir).mode & 0o777).toBe(0o700);
    expect(notPrivate(dataDir)).toEqual([]);
  }, 120_000);

  it('user:create without a running server takes the directory itself, and explains its usage', () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'underlay-user-'));
    expect(run('scripts/user-create.ts', [], { DATA_DIR: dataDir })).toMatchObject({
      status: 2,
      stderr: expect.stringContaining('usage: npm run user:create'),
    });
    const made = run('scripts/user-create.ts', ['--email', 'bo@example.com', '--password', 'another long secret'], {
      DATA_DIR: dataDir,
    });
    expect(made.status, made.stderr).toBe(0);
    expect(made.stdout).toMatch(/^created instructor bo@example\.com \([0-9a-f-]+\)\n$/);
    expect(
      run('scripts/user-create.ts', ['--email', 'cy@example.com', '--password', 'short'], { DATA_DIR: dataDir }).stderr,
    ).toContain('at least 10 characters');
    expect(notPrivate(dataDir)).toEqual([]);
  }, 120_000);
});

describe('a configuration mistake stops the server with one line that names the variable', () => {
  it.each([
    [{ PORT: 'eighty' }, 'Underlay cannot start: PORT: "eighty" is not a port number (0–65535)'],
    [
      { SESSION_SECRET: 'short' },
      'Underlay cannot start: SESSION_SECRET: the value must be at least 32 characters (a random string)',
    ],
    [
      { REDIS_URL: 'redis://127.0.0.1:6379' },
      'Underlay cannot start: DATABASE_URL: REDIS_URL makes this one node of several',
    ],
    [
      { DATABASE_URL: 'mysql://db/x' },
      'Underlay cannot start: DATABASE_URL: "mysql://db/x" is not a PostgreSQL URL (postgresql://… or postgres://…)',
    ],
    [{ TRUST_PROXY: '-1' }, 'Underlay cannot start: TRUST_PROXY: "-1" is not a whole number'],
  ])('server.ts with %j', async (env, line) => {
    const r = await refusal('server.ts', { ...env, NODE_ENV: 'production' });
    expect(r.code).toBe(1);
    expect(r.stderr.split('\n').filter(Boolean)).toHaveLength(1);
    expect(r.stderr).toContain(line);
  });

  it('a database that cannot be reached is named, with the reason, and its password hidden', async () => {
    const r = await refusal('scripts/live-node.ts', {
      DATABASE_URL: 'postgresql://u:hunter2@127.0.0.1:1/x',
      NODE_ENV: 'test',
    });
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toMatch(
      /^live-node cannot start: DATABASE_URL: cannot use postgresql:\/\/u:\*\*\*@127\.0\.0\.1:1\/x: Can't reach database server at 127\.0\.0\.1:1$/,
    );
    expect(r.stderr).not.toContain('hunter2');
  }, 60_000);

  it('a Redis that cannot be reached is named', async () => {
    const r = await refusal('scripts/live-node.ts', {
      DATABASE_URL: 'postgresql://postgres@127.0.0.1:5432/test',
      REDIS_URL: 'redis://127.0.0.1:1',
      NODE_ENV: 'test',
    });
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toMatch(
      /^live-node cannot start: REDIS_URL: cannot connect to redis:\/\/127\.0\.0\.1:1.*ECONNREFUSED/,
    );
  }, 60_000);
});
