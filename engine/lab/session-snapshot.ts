import { buildNetwork } from '../network/build-network';
import { ControlState } from '../control/control-state';
import { DaemonRuntime, type DaemonData } from '../control/daemons/clock';
import { cloneData } from '../model/clone';
import type { Problem } from '../model/problems';
import type { Topology } from '../model/topology';
import { ConnectionState, World, type ConnectionData, type WorldData } from '../trace/world';
import type { FlowMemory, LabSession } from './session';

/** Bumped when the snapshot's shape changes; an older snapshot is rebuilt from its steps instead. */
export const SNAPSHOT_FORMAT = 3;

/**
 * A running lab as plain JSON data: the topology AWS records, the runtime world (clock,
 * crashed instances, captures, ARP caches, journals), the daemons' state and the named flows.
 * The network is not in it: it is built again from the topology, which holds every address
 * and MAC the build assigned (ControlState freezes them), so it comes back the same.
 */
export interface SessionSnapshot {
  format: typeof SNAPSHOT_FORMAT;
  topology: Topology;
  world: WorldData;
  daemons: DaemonData;
  flows: [string, FlowData][];
}

/** A named flow as data: its connection state as plain data. */
type FlowData = Omit<FlowMemory, 'conn'> & { conn: ConnectionData };

/** The session as data: restoring it and going on gives exactly what going on from here would. */
export function snapshotSession(session: LabSession): SessionSnapshot {
  return {
    format: SNAPSHOT_FORMAT,
    topology: cloneData(session.control.topology),
    world: session.control.world.toData(),
    daemons: session.control.daemons.toData(),
    flows: [...session.flows].map(([name, f]) => [name, flowData(f)]),
  };
}

function flowData({ conn, ...rest }: FlowMemory): FlowData {
  return { ...cloneData(rest), conn: conn.toData() };
}

/** A session from its snapshot; the daemons are not restarted (their timers are in it). */
export function restoreSession(
  snapshot: SessionSnapshot,
): { ok: true; session: LabSession } | { ok: false; problems: Problem[] } {
  if (snapshot.format !== SNAPSHOT_FORMAT)
    return {
      ok: false,
      problems: [{ path: 'format', message: `snapshot format ${String(snapshot.format)} is not ${SNAPSHOT_FORMAT}` }],
    };
  const built = buildNetwork(cloneData(snapshot.topology));
  if (!built.ok) return { ok: false, problems: built.problems };
  const control = new ControlState(
    built.network,
    World.fromData(snapshot.world),
    DaemonRuntime.fromData(snapshot.daemons),
  );
  const flows = new Map<string, FlowMemory>(
    snapshot.flows.map(([name, { conn, ...rest }]) => [
      name,
      { ...cloneData(rest), conn: ConnectionState.fromData(conn) },
    ]),
  );
  return { ok: true, session: { control, flows } };
}
