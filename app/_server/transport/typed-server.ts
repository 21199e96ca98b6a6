import type { Server, Socket } from 'socket.io';
import type { Ack, ClientToServerEvents, ServerToClientEvents } from '@/app/_shared/protocol';
import type { Caller } from '../auth/sign-ins';
import type { UseCaseName } from '../registry';

/** Where a call comes from: its connection (if it is a socket), its address, HTTPS or not, a request id for the log. */
export interface Origin {
  socketId?: string;
  address: string;
  secure: boolean;
  requestId: string;
}

/** An operation sent to the process that owns its session's room. */
export interface RemoteOp {
  owner: string;
  name: UseCaseName;
  payload: unknown;
  caller?: Caller;
  origin: Origin;
  sessionId: string;
}

/** The owner's answer to a forwarded operation; every other node answers null. */
export type RemoteAnswer = { owner: string; ack: Ack<unknown> } | null;

/** What nodes say to each other (socket.io's server-side events, through the Redis adapter). */
export interface InterServerEvents {
  'underlay:op': (op: RemoteOp, reply: (answer: RemoteAnswer) => void) => void;
  /** a sign-in was revoked on some node: stop trusting it here too */
  'underlay:signed-out': (sid: string) => void;
}

/** What the server keeps about each connection. */
export interface SocketData {
  caller?: Caller;
  address: string;
  secure: boolean;
}

export type TypedServer = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
export type TypedSocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
