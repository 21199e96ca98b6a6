import { chmodSync, existsSync, lstatSync, mkdirSync, readdirSync, unlinkSync } from 'node:fs';
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import path from 'node:path';

/** A question to the process that owns a data directory, and its answer (JSON, one line each). */
export type AdminRequest = { op: 'hello' } | { op: 'create-instructor'; email: string; password: string; name: string };
export type AdminReply = { ok: true; data: unknown } | { ok: false; error: string };
export type AdminHandler = (req: AdminRequest) => Promise<AdminReply>;

/** Why this process may not open the directory: another one owns it. */
export class DataDirBusy extends Error {}

const SOCKET = 'underlay.sock';
/** Unix socket paths are short (108 bytes on Linux, 104 on macOS). */
const MAX_SOCKET_PATH = 100;

function socketPath(dir: string): string {
  const full = path.resolve(dir, SOCKET);
  if (full.length <= MAX_SOCKET_PATH) return full;
  const relative = path.relative(process.cwd(), full);
  if (relative.length <= MAX_SOCKET_PATH) return relative;
  throw new Error(
    `DATA_DIR: the path is too long for its lock socket (${full.length} characters; at most ${MAX_SOCKET_PATH})`,
  );
}

/** Sends one request to the directory's owner: its reply, or undefined when no process owns it. */
export function askOwner(dir: string, req: AdminRequest, timeoutMs = 10_000): Promise<AdminReply | undefined> {
  return new Promise((resolve, reject) => {
    let file: string;
    try {
      file = socketPath(dir);
    } catch (e) {
      return reject(e as Error);
    }
    if (!existsSync(file)) return resolve(undefined);
    const conn = createConnection(file);
    let buffer = '';
    const timer = setTimeout(() => {
      conn.destroy();
      reject(new Error(`the process that owns ${dir} did not answer within ${timeoutMs / 1000} s`));
    }, timeoutMs);
    conn.on('connect', () => conn.write(`${JSON.stringify(req)}\n`));
    conn.on('data', (d) => {
      buffer += d.toString('utf8');
      const line = buffer.indexOf('\n');
      if (line < 0) return;
      clearTimeout(timer);
      conn.end();
      try {
        resolve(JSON.parse(buffer.slice(0, line)) as AdminReply);
      } catch {
        reject(new Error('the owner answered something that is not JSON'));
      }
    });
    conn.on('error', (e: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      // a socket file nobody listens on: its owner died; nobody owns the directory now
      if (e.code === 'ECONNREFUSED' || e.code === 'ENOENT') resolve(undefined);
      else reject(e);
    });
  });
}

function serve(server: Server, handle: () => AdminHandler | undefined): void {
  server.on('connection', (conn: Socket) => {
    let buffer = '';
    conn.on('data', (d) => {
      buffer += d.toString('utf8');
      if (buffer.length > 64 * 1024) return conn.destroy();
      const line = buffer.indexOf('\n');
      if (line < 0) return;
      const text = buffer.slice(0, line);
      buffer = '';
      void (async () => {
        let reply: AdminReply;
        try {
          const req = JSON.parse(text) as AdminRequest;
          const h = handle();
          reply =
            req.op === 'hello'
              ? { ok: true, data: { pid: process.pid } }
              : h
                ? await h(req)
                : { ok: false, error: 'the server is still starting; try again in a moment' };
        } catch (e) {
          reply = { ok: false, error: e instanceof Error ? e.message : String(e) };
        }
        conn.end(`${JSON.stringify(reply)}\n`);
      })();
    });
    conn.on('error', () => undefined);
  });
}

/** Makes a directory and everything under it private to this user (PGlite creates its files world-writable). */
export function makePrivate(dir: string): void {
  const walk = (p: string) => {
    const st = lstatSync(p);
    if (st.isSymbolicLink()) return;
    if (st.isDirectory()) {
      chmodSync(p, 0o700);
      for (const name of readdirSync(p)) walk(path.join(p, name));
    } else if (!st.isSocket()) chmodSync(p, 0o600);
  };
  walk(dir);
}

/** This process's hold on a data directory: the lock, and the admin socket it serves. */
export interface DataDirOwner {
  /** from now on, admin requests (creating an instructor) are answered by `handler` */
  serve(handler: AdminHandler): void;
  close(): Promise<void>;
}

/**
 * Makes this process the one owner of a data directory, or says which process owns it. The
 * lock is a Unix socket in the directory: the kernel closes it when its process dies, however
 * it dies, so a crash never leaves a lock that blocks the next start, and a live owner answers
 * on it. The same socket serves the owner's admin requests; the directory is private to its
 * user (0700), so only they can reach it.
 */
export async function ownDataDir(dir: string): Promise<DataDirOwner> {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
  const file = socketPath(dir);
  const busy = async () => {
    const hello = await askOwner(dir, { op: 'hello' }, 3000).catch(() => undefined);
    if (!hello) return false;
    const pid = hello.ok ? (hello.data as { pid?: number }).pid : undefined;
    throw new DataDirBusy(
      `DATA_DIR: another Underlay process${pid ? ` (pid ${pid})` : ''} already uses the embedded database in ${path.resolve(dir)}. ` +
        'Stop it first, give this one its own DATA_DIR, or run several processes on one PostgreSQL (DATABASE_URL).',
    );
  };
  let handler: AdminHandler | undefined;
  const listen = () =>
    new Promise<Server>((resolve, reject) => {
      const server = createServer();
      serve(server, () => handler);
      server.once('error', reject);
      server.listen(file, () => {
        server.off('error', reject);
        resolve(server);
      });
    });
  let server: Server;
  try {
    server = await listen();
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw e;
    await busy();
    // the socket file of a process that died: nobody listens on it
    unlinkSync(file);
    server = await listen();
  }
  chmodSync(file, 0o600);
  // two processes that both found a dead socket: the one the path leads to now is the owner
  const hello = await askOwner(dir, { op: 'hello' }, 3000);
  const owner = hello?.ok ? (hello.data as { pid?: number }).pid : undefined;
  if (owner !== process.pid) {
    server.close();
    await busy();
    throw new DataDirBusy(`DATA_DIR: could not take ${path.resolve(dir)}; try again`);
  }
  return {
    serve: (h) => {
      handler = h;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        try {
          unlinkSync(file);
        } catch {
          // already gone
        }
      }),
  };
}
