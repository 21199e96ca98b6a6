import type { ControlState } from '../control/control-state';
import type { SenderRef } from '../trace/flow';
import type { Packet } from '../trace/types';
import type { ConnectionState } from '../trace/world';

/**
 * A named connection (`flow:`), kept so later steps can send on it again with its state. Its
 * endpoints are held by id: an API call rebuilds the network, and they are found again in it.
 */
export interface FlowMemory {
  sender: SenderRef;
  packet: Packet;
  conn: ConnectionState;
  label: string;
  responder?: { from: SenderRef; packet: Packet };
  /** how the server knows the connection: the source address and port it saw first */
  serverSees?: { src: number; srcPort: number };
}

/** A running lab: the control plane (topology, network, world) and the named flows. */
export interface LabSession {
  control: ControlState;
  flows: Map<string, FlowMemory>;
  /** what `aws` steps kept with `capture:`, for later steps to write as `${name}` */
  captured?: Map<string, string>;
}
