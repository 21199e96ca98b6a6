import { io, type Socket } from 'socket.io-client';
import {
  PROTOCOL_VERSION,
  type Ack,
  type ClientEvent,
  type ClientPayload,
  type ClientReplies,
  type ClientToServerEvents,
  type ConnectRefusalData,
  type ServerToClientEvents,
} from '@/app/_shared/protocol';

/** A page's socket, typed by the shared protocol: what it may send and what each reply carries. */
export type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** The window event a refused connection raises; the page's notice (ConnectionNotice) shows it. */
export const REFUSED_EVENT = 'underlay:connection-refused';

/**
 * Opens the page's socket: WebSocket only (no sticky sessions needed), with this page's
 * protocol version in the handshake. A refusal (an old tab after a deploy, too many tabs) is
 * raised for the page to show; one that reloading fixes stops the reconnect attempts.
 */
export function connect(): ClientSocket {
  const s: ClientSocket = io({ transports: ['websocket'], auth: { protocol: PROTOCOL_VERSION } });
  s.on('connect_error', (e: Error & { data?: ConnectRefusalData }) => {
    if (!e.data?.code) return;
    if (e.data.code === 'PROTOCOL_MISMATCH' || e.data.code === 'ORIGIN_NOT_ALLOWED') s.disconnect();
    window.dispatchEvent(new CustomEvent<ConnectRefusalData>(REFUSED_EVENT, { detail: e.data }));
  });
  return s;
}

/** Emits an event and resolves with its ack's data, typed by the event; rejects with the server's message. */
export function call<E extends ClientEvent>(
  socket: ClientSocket,
  event: E,
  payload: ClientPayload<E>,
): Promise<ClientReplies[E]> {
  return new Promise((resolve, reject) => {
    // a refusal keeps the server's code and details (a refused command's console entry, say)
    const done = (a: Ack<ClientReplies[E]>) =>
      a.ok
        ? resolve(a.data)
        : reject(Object.assign(new Error(a.error.message), { code: a.error.code, details: a.error.details }));
    (socket.emit as (e: string, p: unknown, cb: (a: Ack<ClientReplies[E]>) => void) => void)(event, payload, done);
  });
}
