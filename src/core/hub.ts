import type { Command } from './command.js';
import { COMMANDS, commandTable, type CommandContext, type CommandSpec } from './commands/index.js';
import type { ChatEvent, LeaveReason } from './events.js';
import { checkNickname, coerceNickname, freeVariant, nicknameKey } from './nickname.js';
import type { Encoder, Peer } from './peer.js';
import { Room } from './room.js';
import { sanitizeText } from './sanitize.js';
import { Session } from './session.js';

/** Hub settings; every field has a default. */
export interface HubOptions {
  /** Milliseconds since the epoch; injectable so tests control time. Default `Date.now`. */
  clock?: () => number;
  /** The room everyone starts in. Default `#geral`. */
  defaultRoom?: string;
  /** Nickname given to a client that cannot be asked and sent none usable. Default `anonimo`. */
  fallbackNick?: string;
  /** Most nicknames listed in a welcome. Default 50. */
  maxWelcomeNames?: number;
  commands?: readonly CommandSpec[];
}

/**
 * How a nickname attempt is handled: `ask` answers an error and waits for another line;
 * `coerce` (for the original client, which cannot be asked again) picks a valid, free variant.
 */
export type RegisterMode = 'ask' | 'coerce';

/**
 * The chat's state and rules: sessions, nicknames, rooms, commands. It does no I/O: it queues
 * bytes on peers (`Peer.send`), encoding each event once per wire format.
 */
export class Hub {
  readonly #clock: () => number;
  readonly #defaultRoom: Room;
  readonly #fallbackNick: string;
  readonly #maxWelcomeNames: number;
  readonly #commands: Map<string, CommandSpec>;
  readonly #sessions = new Set<Session>();
  readonly #byNick = new Map<string, Session>();
  readonly #rooms = new Map<string, Room>();
  #nextSessionId = 1;
  #nextMessageId = 1;

  constructor(options: HubOptions = {}) {
    this.#clock = options.clock ?? Date.now;
    this.#fallbackNick = options.fallbackNick ?? 'anonimo';
    this.#maxWelcomeNames = options.maxWelcomeNames ?? 50;
    this.#commands = commandTable(options.commands ?? COMMANDS);
    this.#defaultRoom = new Room(options.defaultRoom ?? '#geral');
    this.#rooms.set(this.#defaultRoom.name, this.#defaultRoom);
  }

  /** Sessions open now, registered or not. */
  get sessionCount(): number {
    return this.#sessions.size;
  }

  /** Registered nicknames, in no particular order. */
  nicknames(): string[] {
    return Array.from(this.#byNick.values(), (s) => s.nick!);
  }

  /** A new connection: an unregistered session. */
  open(peer: Peer): Session {
    const session = new Session(this.#nextSessionId++, peer);
    this.#sessions.add(session);
    return session;
  }

  /** Queue an event for one session. */
  tell(session: Session, event: ChatEvent): void {
    if (!session.gone) session.peer.send(session.peer.encoder.encode(event));
  }

  /**
   * Try to register `raw` as the session's nickname. Returns true when registered; otherwise
   * the session has been told why (mode `ask`).
   */
  register(session: Session, raw: string, mode: RegisterMode): boolean {
    if (session.gone) return false;
    if (session.registered) {
      this.tell(session, { type: 'error', code: 'ALREADY_REGISTERED' });
      return false;
    }
    let nick: string;
    let requested: string | null = null;
    if (mode === 'coerce') {
      const wanted = sanitizeText(raw).trim();
      nick = freeVariant(coerceNickname(wanted, this.#fallbackNick), (n) => !this.#byNick.has(nicknameKey(n)));
      if (nick !== wanted) requested = wanted;
    } else {
      const check = checkNickname(raw);
      if (!check.ok) {
        this.tell(session, { type: 'error', code: check.code, subject: sanitizeText(raw).trim(), retry: true });
        return false;
      }
      nick = check.nick;
      if (this.#byNick.has(nicknameKey(nick))) {
        this.tell(session, { type: 'error', code: 'NICK_IN_USE', subject: nick, retry: true });
        return false;
      }
    }
    session.nick = nick;
    session.nickKey = nicknameKey(nick);
    this.#byNick.set(session.nickKey, session);
    const room = this.#defaultRoom;
    const time = this.#clock();
    const present: string[] = [];
    for (const member of room.members) {
      if (present.length === this.#maxWelcomeNames) break;
      present.push(member.nick!);
    }
    this.tell(session, { type: 'welcome', time, nick, requested, room: room.name, present, presentCount: room.members.size });
    this.#broadcast({ type: 'joined', time, room: room.name, nick }, room, session);
    room.members.add(session);
    session.room = room;
    return true;
  }

  /** One parsed input line from a session. */
  execute(session: Session, command: Command): void {
    if (session.gone) return;
    switch (command.kind) {
      case 'say':
        if (!session.registered) {
          this.register(session, command.text, 'ask');
        } else {
          this.say(session, command.text);
        }
        return;
      case 'quit':
        this.leave(session, 'quit');
        return;
      case 'slash':
        this.#runCommand(session, command.name, command.args);
        return;
    }
  }

  /** A message to the session's room; empty messages (after sanitising) are ignored. */
  say(session: Session, text: string): void {
    const room = session.room;
    if (session.gone || room === null) return;
    const clean = sanitizeText(text);
    if (clean.trim() === '') return;
    const event = {
      type: 'said',
      id: this.#nextMessageId++,
      time: this.#clock(),
      room: room.name,
      nick: session.nick!,
      text: clean,
    } as const;
    this.#broadcast(event, room, session);
  }

  /**
   * The session leaves: its room is told (if it had registered), its nickname is freed, and
   * its peer is asked to close. Safe to call more than once.
   */
  leave(session: Session, reason: LeaveReason): void {
    if (session.gone) return;
    session.gone = true;
    this.#sessions.delete(session);
    const room = session.room;
    if (room !== null) {
      room.members.delete(session);
      session.room = null;
      this.#broadcast({ type: 'left', time: this.#clock(), room: room.name, nick: session.nick!, reason }, room, session);
    }
    if (session.nickKey !== null) this.#byNick.delete(session.nickKey);
    session.peer.end();
  }

  /** Server shutdown: everyone is told, then every peer is asked to close. */
  shutdown(): void {
    const sessions = Array.from(this.#sessions);
    this.#deliver({ type: 'closing' }, sessions, null);
    for (const session of sessions) {
      session.gone = true;
      session.room?.members.delete(session);
      session.room = null;
      session.peer.end();
    }
    this.#sessions.clear();
    this.#byNick.clear();
  }

  #runCommand(session: Session, name: string, args: readonly string[]): void {
    const spec = this.#commands.get(name.toLowerCase());
    if (spec === undefined) {
      this.tell(session, { type: 'error', code: 'UNKNOWN_COMMAND', subject: name });
      return;
    }
    if (!session.registered && !spec.usableBeforeRegistration) {
      this.tell(session, { type: 'error', code: 'NOT_REGISTERED', subject: name });
      return;
    }
    if (args.length < spec.minArgs) {
      this.tell(session, { type: 'error', code: 'MISSING_ARGUMENT', subject: name });
      return;
    }
    const hub = this;
    const ctx: CommandContext = {
      session,
      reply(event) {
        hub.tell(session, event);
      },
      leave(reason) {
        hub.leave(session, reason);
      },
    };
    spec.run(ctx, args);
  }

  #broadcast(event: ChatEvent, room: Room, except: Session | null): void {
    this.#deliver(event, room.members, except);
  }

  /**
   * Queue one event for many sessions, encoding it once per wire format: the common case of a
   * single format costs one `encode` for the whole room.
   */
  #deliver(event: ChatEvent, to: Iterable<Session>, except: Session | null): void {
    let firstEncoder: Encoder | null = null;
    let firstBytes: Buffer | null = null;
    let others: Map<Encoder, Buffer> | null = null;
    for (const session of to) {
      if (session === except) continue;
      const encoder = session.peer.encoder;
      let bytes: Buffer | undefined;
      if (encoder === firstEncoder) {
        bytes = firstBytes!;
      } else if (firstEncoder === null) {
        firstEncoder = encoder;
        bytes = firstBytes = encoder.encode(event);
      } else {
        others ??= new Map();
        bytes = others.get(encoder);
        if (bytes === undefined) {
          bytes = encoder.encode(event);
          others.set(encoder, bytes);
        }
      }
      session.peer.send(bytes);
    }
  }
}
