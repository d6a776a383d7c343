import type { CommandSpec } from './command-spec.js';
import { existingRoom } from './room-arg.js';

/** `/part [ROOM]`, `/deixar`: leave a room (the current one by default), back to `#geral`. */
export const part: CommandSpec = {
  names: ['part', 'deixar'],
  usableBeforeRegistration: false,
  minArgs: 0,
  run({ hub, session, args }) {
    const room = existingRoom(hub, session, args[0]);
    if (room !== null) hub.part(session, room);
  },
};
