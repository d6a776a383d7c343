import type { Session } from './session.js';

/** A room and its members. The hub allows a session in several rooms; doors may use one. */
export class Room {
  readonly name: string;
  readonly members = new Set<Session>();

  constructor(name: string) {
    this.name = name;
  }
}
