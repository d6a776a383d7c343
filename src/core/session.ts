import type { LeaveReason } from './events.js';
import type { Peer } from './peer.js';
import type { Room } from './room.js';

/** One person's connection as the hub sees it: owned by the hub, never by a door. */
export class Session {
  /** Unique per server run. */
  readonly id: number;
  readonly peer: Peer;
  /**
   * In one room at a time (the line protocol): `/join` moves it. Otherwise (browser, IRC) a
   * session may be in several rooms at once.
   */
  readonly singleRoom: boolean;
  /** Display nickname once registered. */
  nick: string | null = null;
  /** The nickname's uniqueness keys (see `nicknameKeys`); empty before registration. */
  nickKeys: readonly string[] = [];
  /** Rooms the session is in. */
  readonly rooms = new Set<Room>();
  /** Where plain lines go: the room entered last. */
  current: Room | null = null;
  /** Per room key: the oldest message id shown to this session, for `/history` paging. */
  historyCursor: Map<string, number> | null = null;
  /** Set once the session has left; nothing more is accepted from it. */
  gone = false;
  /** Why it left, once it has. */
  leftBecause: LeaveReason | null = null;

  constructor(id: number, peer: Peer, singleRoom: boolean) {
    this.id = id;
    this.peer = peer;
    this.singleRoom = singleRoom;
  }

  get registered(): boolean {
    return this.nick !== null;
  }
}
