/**
 * The baseline for `npm run bench:live`: bare socket.io with no application behind it. A
 * client joins a team room; an `edit` is acknowledged and relayed to the team and the
 * instructor at once. Prints `READY <port>`.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';

const http = createServer();
const io = new Server(http);
io.on('connection', (socket) => {
  socket.on('join', (room: string, ack: () => void) => {
    void socket.join(room);
    ack();
  });
  socket.on('edit', (m: { room: string; key: string }, ack: () => void) => {
    socket.to([m.room, 'instructors']).emit('edit', m);
    ack();
  });
});
http.listen(0, '127.0.0.1', () => console.log(`READY ${(http.address() as AddressInfo).port}`));
process.on('SIGTERM', () => process.exit(0));
