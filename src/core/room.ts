import type { ChatEvent } from './events.js';
import type { Session } from './session.js';

/** Longest room name, in characters, not counting the `#`. */
export const MAX_ROOM_CHARS = 32;
/** Most rooms a session of a multi-room door may be in at once. */
export const MAX_ROOMS_PER_SESSION = 50;
/** Longest topic, in characters. */
export const MAX_TOPIC_CHARS = 300;

const ROOM_CHAR = /^[\p{L}\p{M}\p{Nd}_.-]$/u;

/**
 * A room name as typed (`#` optional) made canonical (`#name`, NFC), or null when it is not
 * a valid one: 1 to 32 letters of any script, digits, `_ - .` after the `#`.
 */
export function roomName(typed: string): string | null {
  const bare = typed.trim().normalize('NFC').replace(/^#/, '');
  const chars = Array.from(bare);
  if (chars.length === 0 || chars.length > MAX_ROOM_CHARS) return null;
  if (!chars.every((c) => ROOM_CHAR.test(c)) || /^\p{M}/u.test(bare)) return null;
  return '#' + bare;
}

/** The key under which a room name is unique: case-insensitive. */
export function roomKey(name: string): string {
  return name.toUpperCase().toLowerCase();
}

/**
 * A room's presence notices (`joined`, `left`) waiting for the hub's next presence flush, in
 * order. Everyone who was in the room when the batch began gets all of them; a session that
 * entered during the batch gets those after its own arrival (`from`).
 */
export interface PresenceBatch {
  readonly events: ChatEvent[];
  /** Sessions that entered during the batch: the index of the first notice each is owed. */
  readonly from: Map<Session, number>;
}

/** A room and its members. The hub allows a session in several rooms; doors may use one. */
export class Room {
  readonly name: string;
  readonly members = new Set<Session>();
  topic: string | null = null;
  /** Presence notices not yet delivered (see `Hub.flushPresence`); null when there are none. */
  presence: PresenceBatch | null = null;

  constructor(name: string) {
    this.name = name;
  }
}
