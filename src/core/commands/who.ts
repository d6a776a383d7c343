import type { CommandSpec } from './command-spec.js';
import { existingRoom } from './room-arg.js';

/** `/who [ROOM]`, `/quem`: who is in a room (the current one by default), in name order. */
export const who: CommandSpec = {
  names: ['who', 'quem'],
  usableBeforeRegistration: false,
  minArgs: 0,
  run({ hub, session, args }) {
    const room = existingRoom(hub, session, args[0]);
    if (room === null) return;
    const nicks = Array.from(room.members, (m) => m.nick!).sort((a, b) => a.localeCompare(b));
    hub.tell(session, { type: 'who', room: room.name, nicks });
  },
};
