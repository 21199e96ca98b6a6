import { teamOf } from '@/app/_shared/live-events';
import type { Principal } from '../auth/session-token';
import { roomNames, type LiveBus } from '../live/live-bus';
import type { TypedServer } from './typed-server';

/**
 * The live bus over socket.io: rooms carry a session's events to its team and instructors,
 * and with several nodes the Redis adapter carries them to sockets on every node.
 */
export function socketBus(io: TypedServer, clustered: boolean, onSignedOut: (sid: string) => void): LiveBus {
  return {
    publish(sessionId, event) {
      const team = teamOf(event);
      if (team) io.to([roomNames.team(sessionId, team), roomNames.instructors(sessionId)]).emit('live:event', event);
      else io.to(roomNames.all(sessionId)).emit('live:event', event);
    },
    signal(sessionId, to, event, payload) {
      const room = to.everyone
        ? roomNames.all(sessionId)
        : to.teamId
          ? roomNames.team(sessionId, to.teamId)
          : roomNames.instructors(sessionId);
      let target = io.to(room);
      if (to.except) target = target.except(roomNames.user(to.except));
      if (to.volatile) target = target.volatile;
      (target.emit as (e: string, p: unknown) => boolean)(event, payload);
    },
    async onlineUsers(sessionId) {
      const sockets = await io.in(roomNames.all(sessionId)).fetchSockets();
      const learners = sockets
        .map((x) => x.data.caller?.principal)
        .filter((p): p is Principal => p?.role === 'learner')
        .map((p) => p.userId);
      return [...new Set(learners)];
    },
    toUser(userId, event, payload) {
      (io.to(roomNames.user(userId)).emit as (e: string, p: unknown) => boolean)(event, payload);
    },
    join(socketId, rooms) {
      io.in(socketId).socketsJoin(rooms);
    },
    signedOut(sid) {
      onSignedOut(sid);
      io.in(roomNames.signIn(sid)).disconnectSockets(true);
      if (clustered) io.serverSideEmit('underlay:signed-out', sid);
    },
  };
}
