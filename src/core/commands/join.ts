import { roomName } from '../room.js';
import type { CommandSpec } from './command-spec.js';

/**
 * `/join ROOM`, `/entrar`: enter a room, creating it if it does not exist. A line-protocol
 * connection is in one room at a time, so it moves; both rooms see it leave and arrive.
 */
export const join: CommandSpec = {
  names: ['join', 'entrar'],
  usableBeforeRegistration: false,
  minArgs: 1,
  run({ hub, session, args }) {
    const name = roomName(args[0]!);
    if (name === null) return hub.fail(session, 'ROOM_BAD_NAME', args[0]!);
    hub.join(session, name);
  },
};
