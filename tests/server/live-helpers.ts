import type { Db } from '../../app/_server/db/database';
import type { Socket } from 'socket.io-client';
import {
  emptyDashboard,
  reduceDashboard,
  type DashboardState,
  type DashboardView,
  type LiveEvent,
} from '../../app/_shared/live-events';
import { emit } from './server-fixture';

/** Emits and insists on success: the test fails with the server's error otherwise. */
export async function ok<T>(socket: Socket, event: string, payload?: unknown): Promise<T> {
  const r = await emit<T>(socket, event, payload);
  if (!r.ok) throw new Error(`${event} failed: ${JSON.stringify(r.error)}`);
  return r.data as T;
}

/** Every `live:event` a socket receives, in order. */
export function collect(socket: Socket): LiveEvent[] {
  const events: LiveEvent[] = [];
  socket.on('live:event', (e: LiveEvent) => events.push(e));
  return events;
}

/** Waits until `predicate` holds, polling; fails after `ms`. */
export async function until(predicate: () => boolean, ms = 5000, what = 'condition'): Promise<void> {
  const end = Date.now() + ms;
  while (!predicate()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** An instructor's dashboard as a client keeps it: the snapshot, then every live event folded in. */
export async function followDashboard(socket: Socket, sessionId: string): Promise<{ state: () => DashboardState }> {
  let state: DashboardState | undefined;
  const early: LiveEvent[] = [];
  socket.on('live:event', (e: LiveEvent) => (state ? (state = reduceDashboard(state, e)) : early.push(e)));
  const view = await ok<DashboardView>(socket, 'session:dashboard', { sessionId });
  state = [...early].reduce(reduceDashboard, view.state);
  return { state: () => state ?? emptyDashboard(view.state) };
}

/** An attempt's stored steps, in order (one AttemptStep row each). */
export async function storedSteps(db: Db, attemptId: string): Promise<unknown[]> {
  const rows = await db.attemptStep.findMany({ where: { attemptId }, orderBy: { seq: 'asc' }, select: { step: true } });
  return rows.map((r) => r.step);
}
