import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

/**
 * Starts one of the project's TypeScript entry points in a process of its own (through tsx)
 * and waits for its `READY <port> [<node id>]` line. Used by `npm run bench:live` and the
 * multi-process tests.
 */
export function spawnReady(
  file: string,
  env: Record<string, string>,
  timeoutMs = 60_000,
): Promise<{ proc: ChildProcess; port: number; nodeId: string; output: string[] }> {
  const proc = spawn(process.execPath, ['--import', 'tsx', path.resolve(import.meta.dirname, '..', file)], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${file} did not start:\n${output.join('')}`)), timeoutMs);
    proc.stderr!.on('data', (d: Buffer) => output.push(d.toString()));
    proc.stdout!.on('data', (d: Buffer) => {
      output.push(d.toString());
      const m = /READY (\d+)(?: (\S+))?/.exec(d.toString());
      if (!m) return;
      clearTimeout(timer);
      resolve({ proc, port: Number(m[1]), nodeId: m[2] ?? '', output });
    });
    proc.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${file} exited (${code}):\n${output.join('')}`));
    });
  });
}
