import type { Socket } from 'socket.io-client';
import type { Ack } from '@/app/_shared/protocol';

/** Emits an event and resolves with its ack's data, or rejects with the server's message. */
export function call<T>(socket: Socket, event: string, payload?: unknown): Promise<T> {
  return new Promise((resolve, reject) => {
    const done = (a: Ack<T>) => (a.ok ? resolve(a.data) : reject(new Error(a.error.message)));
    if (payload === undefined) socket.emit(event, done);
    else socket.emit(event, payload, done);
  });
}
