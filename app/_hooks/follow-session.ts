import type { LiveEvent } from '@/app/_shared/live-events';
import { call, type ClientSocket } from './socket-call';

export interface Follower {
  /** the first connection: load the whole view; returns its version */
  load(): Promise<number>;
  /** fold one event in (events at or below the current version must be ignored) */
  fold(e: LiveEvent): void;
  /** the version the page has folded up to */
  version(): number;
  onError(message: string): void;
}

/**
 * Keeps a page in step with a session over one socket. The first connection loads the view;
 * each reconnect sends the last version seen and folds what was missed (or reloads if too much
 * was). Live events that arrive while that is in flight wait, so none is folded out of order.
 */
export function followSession(socket: ClientSocket, sessionId: string, f: Follower): void {
  let syncing = true;
  let loaded = false;
  let held: LiveEvent[] = [];
  socket.on('live:event', (e: LiveEvent) => (syncing ? held.push(e) : f.fold(e)));
  socket.on('connect', async () => {
    syncing = true;
    try {
      if (!loaded) {
        await f.load();
        loaded = true;
      } else {
        const r = await call(socket, 'session:sync', {
          sessionId,
          since: f.version(),
        });
        if (r.reload) await f.load();
        else r.events.forEach(f.fold);
      }
    } catch (e) {
      f.onError((e as Error).message);
    } finally {
      syncing = false;
      const late = held;
      held = [];
      late.forEach(f.fold);
    }
  });
}
