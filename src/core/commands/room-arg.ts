import type { Hub } from '../hub.js';
import { roomName, type Room } from '../room.js';
import type { Session } from '../session.js';

/**
 * The room a command names (`#` optional), or the session's current room when it names none.
 * Answers the session with an error and returns null when there is no such room.
 */
export function existingRoom(hub: Hub, session: Session, typed: string | undefined): Room | null {
  if (typed === undefined) {
    if (session.current === null) hub.fail(session, 'NOT_IN_ROOM', '');
    return session.current;
  }
  const name = roomName(typed);
  if (name === null) {
    hub.fail(session, 'ROOM_BAD_NAME', typed);
    return null;
  }
  const room = hub.findRoom(name);
  if (room === undefined) {
    hub.fail(session, 'NO_SUCH_ROOM', name);
    return null;
  }
  return room;
}
