import { fileURLToPath } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';

/**
 * Where a worker thread's code is: the TypeScript source beside the caller, run through tsx
 * (development and tests), or the bundled file beside the server bundle (production, where
 * `npm start` runs plain JavaScript built from the sources; scripts/build-server.ts).
 */
export function workerEntry(name: string, callerUrl: string): { url: URL; execArgv: string[] } {
  if (callerUrl.endsWith('.ts')) return { url: new URL(`./${name}.ts`, callerUrl), execArgv: ['--import', 'tsx'] };
  return { url: new URL(`./${name}.mjs`, callerUrl), execArgv: [] };
}

/** Starts a worker thread on `name` (the TypeScript source through a CommonJS bootstrap, or the bundle). */
export function startWorker(name: string, callerUrl: string, options: WorkerOptions & { workerData?: object }): Worker {
  const entry = workerEntry(name, callerUrl);
  if (entry.execArgv.length === 0) return new Worker(fileURLToPath(entry.url), options);
  return new Worker(fileURLToPath(new URL('./ts-worker.cjs', import.meta.url)), {
    ...options,
    execArgv: entry.execArgv,
    workerData: { ...options.workerData, entry: fileURLToPath(entry.url) },
  });
}
