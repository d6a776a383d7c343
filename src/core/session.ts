import type { Peer } from './peer.js';
import type { Room } from './room.js';

/** One person's connection as the hub sees it: owned by the hub, never by a door. */
export class Session {
  /** Unique per server run. */
  readonly id: number;
  readonly peer: Peer;
  /** Display nickname once registered. */
  nick: string | null = null;
  /** The nickname's uniqueness key (see `nicknameKey`). */
  nickKey: string | null = null;
  /** The room this session talks in; null before registration and after leaving. */
  room: Room | null = null;
  /** Set once the session has left; nothing more is accepted from it. */
  gone = false;

  constructor(id: number, peer: Peer) {
    this.id = id;
    this.peer = peer;
  }

  get registered(): boolean {
    return this.nick !== null;
  }
}
