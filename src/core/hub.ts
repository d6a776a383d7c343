import type { Command } from './command.js';
import { COMMANDS, commandTable, type CommandSpec } from './commands/index.js';
import type { ChatEvent, ErrorCode, ErrorEvent, LeaveReason, SaidEvent } from './events.js';
import type { HistoryStore } from './history-store.js';
import { checkNickname, coerceNickname, freeVariant, nicknameKeys } from './nickname.js';
import type { Encoder, Peer } from './peer.js';
import { MAX_ROOMS_PER_SESSION, Room, roomKey, type PresenceBatch } from './room.js';
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
  /** Most nicknames listed when entering a room. Default 50. */
  maxWelcomeNames?: number;
  /** Where messages are kept; none by default. */
  history?: HistoryStore | null;
  /** Messages replayed on entering a room. Default 20. */
  historyOnJoin?: number;
  /** Keep private messages in the history store too. Default false. */
  storePrivate?: boolean;
  /**
   * Batch presence notices: when given, `joined` and `left` wait in their room and this is
   * called when a batch begins; the door calls `flushPresence` a moment later, and each member
   * gets the batch as one buffer. Without it (the default) they are delivered at once.
   */
  onPresencePending?: () => void;
  commands?: readonly CommandSpec[];
}

/**
 * How a nickname attempt is handled: `ask` answers an error and waits for another line;
 * `coerce` (for the original client, which cannot be asked again) picks a valid, free variant.
 */
export type RegisterMode = 'ask' | 'coerce';

/** Most messages one `/history` returns. */
export const MAX_HISTORY_PAGE = 200;

/**
 * The chat's state and rules: sessions, nicknames, rooms, commands. It does no I/O: it queues
 * bytes on peers (`Peer.send`), encoding each event once per wire format, and hands messages to
 * the history port. Commands (`./commands/`) are built from its public primitives.
 */
export class Hub {
  readonly clock: () => number;
  readonly history: HistoryStore | null;
  /** Messages replayed on entering a room (changed by a reload). */
  historyOnJoin: number;
  readonly defaultRoom: Room;
  readonly #fallbackNick: string;
  readonly #maxWelcomeNames: number;
  readonly #storePrivate: boolean;
  readonly #commands: Map<string, CommandSpec>;
  readonly #sessions = new Set<Session>();
  readonly #byNick = new Map<string, Session>();
  readonly #rooms = new Map<string, Room>();
  readonly #onPresencePending: (() => void) | null;
  /** Rooms with presence notices waiting. */
  readonly #presenceRooms = new Set<Room>();
  /** Running totals, for metrics: room messages, private messages, events queued to peers. */
  readonly stats = { messages: 0, privateMessages: 0, deliveries: 0 };
  #nextSessionId = 1;
  #nextMessageId: number;

  constructor(options: HubOptions = {}) {
    this.clock = options.clock ?? Date.now;
    this.history = options.history ?? null;
    this.historyOnJoin = options.historyOnJoin ?? 20;
    this.#fallbackNick = options.fallbackNick ?? 'anonimo';
    this.#maxWelcomeNames = options.maxWelcomeNames ?? 50;
    this.#storePrivate = options.storePrivate ?? false;
    this.#onPresencePending = options.onPresencePending ?? null;
    this.#commands = commandTable(options.commands ?? COMMANDS);
    this.#nextMessageId = (this.history?.lastId() ?? 0) + 1;
    this.defaultRoom = this.#newRoom(options.defaultRoom ?? '#geral');
  }

  // ---- sessions ------------------------------------------------------------------------

  /** Sessions open now, registered or not. */
  get sessionCount(): number {
    return this.#sessions.size;
  }

  /** A new connection: an unregistered session. */
  open(peer: Peer, options: { singleRoom?: boolean } = {}): Session {
    const session = new Session(this.#nextSessionId++, peer, options.singleRoom ?? true);
    this.#sessions.add(session);
    return session;
  }

  /** The registered session with this nickname (ignoring case and look-alikes), if any. */
  findByNick(nick: string): Session | undefined {
    for (const key of nicknameKeys(nick)) {
      const session = this.#byNick.get(key);
      if (session !== undefined) return session;
    }
    return undefined;
  }

  /** The session that holds a nickname conflicting with `nick`, other than `self`. */
  #holder(nick: string, self: Session | null): Session | undefined {
    for (const key of nicknameKeys(nick)) {
      const holder = this.#byNick.get(key);
      if (holder !== undefined && holder !== self) return holder;
    }
    return undefined;
  }

  /** The error for a nickname someone holds: the same name, or one that looks like it. */
  #taken(nick: string, holder: Session): ErrorEvent {
    const plain = (n: string) => n.normalize('NFC').toLowerCase();
    return plain(nick) === plain(holder.nick!)
      ? { type: 'error', code: 'NICK_IN_USE', subject: nick }
      : { type: 'error', code: 'NICK_LOOKS_LIKE', subject: nick, other: holder.nick! };
  }

  #takeNick(session: Session, nick: string): void {
    for (const key of session.nickKeys) this.#byNick.delete(key);
    session.nick = nick;
    session.nickKeys = nicknameKeys(nick);
    for (const key of session.nickKeys) this.#byNick.set(key, session);
  }

  /** Queue an event for one session. */
  tell(session: Session, event: ChatEvent): void {
    if (session.gone) return;
    this.stats.deliveries++;
    session.peer.send(session.peer.encoder.encode(event));
  }

  /** Queue an error for one session; the subject (often what the user typed) is sanitised. */
  fail(session: Session, code: ErrorCode, subject?: string): void {
    this.tell(session, subject === undefined ? { type: 'error', code } : { type: 'error', code, subject: sanitizeText(subject) });
  }

  /**
   * Try to register `raw` as the session's nickname. Returns true when registered; otherwise
   * the session has been told why (mode `ask`).
   */
  register(session: Session, raw: string, mode: RegisterMode): boolean {
    if (session.gone) return false;
    if (session.registered) {
      this.fail(session, 'ALREADY_REGISTERED');
      return false;
    }
    let nick: string;
    let requested: string | null = null;
    if (mode === 'coerce') {
      const wanted = sanitizeText(raw).trim();
      nick = freeVariant(coerceNickname(wanted, this.#fallbackNick), (n) => this.#holder(n, null) === undefined);
      if (nick !== wanted) requested = wanted;
    } else {
      const check = checkNickname(raw);
      if (!check.ok) {
        this.tell(session, { type: 'error', code: check.code, subject: sanitizeText(raw).trim(), retry: true });
        return false;
      }
      nick = check.nick;
      const holder = this.#holder(nick, null);
      if (holder !== undefined) {
        this.tell(session, { ...this.#taken(nick, holder), retry: true });
        return false;
      }
    }
    this.#takeNick(session, nick);
    const room = this.defaultRoom;
    const { present, presentCount } = this.#present(room);
    this.tell(session, { type: 'welcome', time: this.clock(), nick, requested, room: room.name, present, presentCount, topic: room.topic });
    this.#enter(session, room, true);
    return true;
  }

  /** Changes a registered session's nickname; everyone who shares a room with it is told. */
  rename(session: Session, raw: string): void {
    const check = checkNickname(raw);
    if (!check.ok) return this.fail(session, check.code, sanitizeText(raw).trim());
    const old = session.nick!;
    if (check.nick === old) return this.fail(session, 'NICK_UNCHANGED', old);
    const holder = this.#holder(check.nick, session);
    if (holder !== undefined) return this.tell(session, this.#taken(check.nick, holder));
    for (const room of session.rooms) this.#flushPresence(room);
    this.#takeNick(session, check.nick);
    const audience = new Set<Session>([session]);
    for (const room of session.rooms) for (const member of room.members) audience.add(member);
    this.deliver({ type: 'renamed', time: this.clock(), old, nick: check.nick }, audience, null);
  }

  /** One parsed input line from a session. */
  execute(session: Session, command: Command): void {
    if (session.gone) return;
    switch (command.kind) {
      case 'say':
        if (!session.registered) this.register(session, command.text, 'ask');
        else this.say(session, command.text, false);
        return;
      case 'quit':
        this.leave(session, 'quit');
        return;
      case 'slash':
        this.#runCommand(session, command.name, command.args, command.rest);
        return;
    }
  }

  /**
   * A message to a room the session is in (its current room by default). Empty messages
   * (after sanitising) are ignored. Kept in history before anyone is sent it.
   */
  say(session: Session, text: string, action: boolean, room: Room | null = session.current): void {
    if (session.gone || room === null || !session.rooms.has(room)) return;
    const clean = sanitizeText(text);
    if (clean.trim() === '') return;
    const event: SaidEvent = {
      type: 'said',
      id: this.#nextMessageId++,
      time: this.clock(),
      room: room.name,
      nick: session.nick!,
      text: clean,
      ...(action ? { action: true } : {}),
    };
    this.stats.messages++;
    this.history?.append(event);
    this.#flushPresence(room); // whoever arrived before this message is announced before it
    this.deliver(event, room.members, session);
  }

  /** A private message; the recipient sees it, the sender a confirmation, nobody else anything. */
  sayPrivate(session: Session, to: Session, text: string, action: boolean): void {
    const clean = sanitizeText(text);
    if (clean.trim() === '') return this.fail(session, 'MISSING_ARGUMENT', 'msg');
    const fields = {
      id: this.#nextMessageId++,
      time: this.clock(),
      from: session.nick!,
      to: to.nick!,
      text: clean,
      ...(action ? { action: true } : {}),
    };
    const event = { type: 'private', ...fields } as const;
    this.stats.privateMessages++;
    if (this.#storePrivate) this.history?.appendPrivate(event);
    for (const room of session.rooms) this.#flushPresence(room);
    this.tell(to, event);
    this.tell(session, { type: 'private-sent', ...fields });
  }

  // ---- rooms ---------------------------------------------------------------------------

  /** The room with this canonical name, if it exists. */
  findRoom(name: string): Room | undefined {
    return this.#rooms.get(roomKey(name));
  }

  /** Rooms that exist now: the default room and every room with someone in it. */
  rooms(): Room[] {
    return Array.from(this.#rooms.values());
  }

  /**
   * The session enters `name` (created on demand). A single-room session leaves its current
   * room first, and both rooms are told.
   */
  join(session: Session, name: string): void {
    let room = this.findRoom(name);
    if (room !== undefined && session.rooms.has(room)) return this.fail(session, 'ALREADY_IN_ROOM', room.name);
    if (!session.singleRoom && session.rooms.size >= MAX_ROOMS_PER_SESSION) {
      return this.fail(session, 'TOO_MANY_ROOMS', String(MAX_ROOMS_PER_SESSION));
    }
    room ??= this.#newRoom(name);
    if (session.singleRoom) for (const old of Array.from(session.rooms)) this.#exit(session, old, 'part');
    const { present, presentCount } = this.#present(room);
    this.tell(session, { type: 'entered', time: this.clock(), room: room.name, present, presentCount, topic: room.topic });
    this.#enter(session, room, false);
  }

  /** The session leaves `room`; a single-room session goes back to the default room. */
  part(session: Session, room: Room): void {
    if (!session.rooms.has(room)) return this.fail(session, 'NOT_IN_ROOM', room.name);
    if (session.singleRoom) {
      if (room === this.defaultRoom) return this.fail(session, 'CANNOT_PART_DEFAULT', room.name);
      this.join(session, this.defaultRoom.name);
      return;
    }
    this.#exit(session, room, 'part');
    // A session in several rooms is told it left (a single-room one sees where it went instead).
    this.tell(session, { type: 'left', time: this.clock(), room: room.name, nick: session.nick!, reason: 'part' });
  }

  /** Sets a room's topic (null clears it) and tells its members. */
  setTopic(session: Session, room: Room, topic: string | null): void {
    room.topic = topic;
    this.history?.setTopic(room.name, topic);
    this.#flushPresence(room);
    this.deliver({ type: 'topic', time: this.clock(), room: room.name, topic, nick: session.nick }, room.members, null);
  }

  /**
   * Sends a session up to `limit` messages of `room` older than `beforeId` (or than the oldest
   * it has been shown, when null). Nothing when there is no history store.
   */
  showHistory(session: Session, room: Room, limit: number, beforeId: number | null): void {
    if (this.history === null) return this.tell(session, { type: 'history', room: room.name, messages: [], more: false });
    const key = roomKey(room.name);
    const before = beforeId ?? session.historyCursor?.get(key) ?? null;
    const messages = this.history.recent(room.name, limit + 1, before);
    const more = messages.length > limit;
    if (more) messages.shift();
    if (messages.length > 0) (session.historyCursor ??= new Map()).set(key, messages[0]!.id);
    this.tell(session, { type: 'history', room: room.name, messages, more });
  }

  // ---- leaving -------------------------------------------------------------------------

  /**
   * The session leaves the chat: its rooms are told (if it had registered), its nickname is
   * freed, and its peer is asked to close. Safe to call more than once.
   */
  leave(session: Session, reason: LeaveReason): void {
    if (session.gone) return;
    session.gone = true;
    session.leftBecause = reason;
    this.#sessions.delete(session);
    for (const room of Array.from(session.rooms)) this.#exit(session, room, reason);
    for (const key of session.nickKeys) this.#byNick.delete(key);
    session.peer.end();
  }

  /** Server shutdown: everyone is told, then every peer is asked to close. */
  shutdown(): void {
    this.flushPresence();
    const sessions = Array.from(this.#sessions);
    this.deliver({ type: 'closing' }, sessions, null);
    for (const session of sessions) {
      session.gone = true;
      session.leftBecause = 'server-closing';
      session.rooms.clear();
      session.current = null;
      session.peer.end();
    }
    for (const room of this.#rooms.values()) {
      room.members.clear();
      room.presence = null;
    }
    this.#presenceRooms.clear();
    this.#sessions.clear();
    this.#byNick.clear();
  }

  // ---- delivery ------------------------------------------------------------------------

  /**
   * Queue one event for many sessions, encoding it once per wire format: the common case of a
   * single format costs one `encode` for the whole room.
   */
  deliver(event: ChatEvent, to: Iterable<Session>, except: Session | null): void {
    const bytes = new PerEncoder((encoder) => encoder.encode(event));
    let delivered = 0;
    for (const session of to) {
      if (session === except || session.gone) continue;
      session.peer.send(bytes.get(session.peer.encoder));
      delivered++;
    }
    this.stats.deliveries += delivered;
  }

  // ---- presence ------------------------------------------------------------------------

  /**
   * Delivers every room's waiting presence notices (see `HubOptions.onPresencePending`): each
   * room's batch is encoded once per wire format into one buffer, and each member is sent that
   * buffer, or the part of it after its own arrival, so a storm of arrivals costs each member
   * one send per batch instead of one per arrival.
   */
  flushPresence(): void {
    for (const room of this.#presenceRooms) this.#flushPresence(room);
    this.#presenceRooms.clear();
  }

  /** A `joined` or `left` notice for everyone in `room` but `subject`: now, or in the batch. */
  #announce(room: Room, event: ChatEvent, subject: Session): void {
    if (this.#onPresencePending === null) return this.deliver(event, room.members, subject);
    if (room.presence === null) {
      room.presence = { events: [], from: new Map() };
      this.#presenceRooms.add(room);
      this.#onPresencePending();
    }
    room.presence.events.push(event);
  }

  #flushPresence(room: Room): void {
    const batch = room.presence;
    if (batch === null) return;
    room.presence = null;
    this.#presenceRooms.delete(room);
    const count = batch.events.length;
    const packs = new PerEncoder((encoder) => packBatch(encoder, batch));
    let delivered = 0;
    for (const member of room.members) {
      if (member.gone) continue;
      const start = batch.from.size === 0 ? 0 : (batch.from.get(member) ?? 0);
      if (start >= count) continue;
      const packed = packs.get(member.peer.encoder);
      const at = packed.offsets[start]!;
      if (at < packed.bytes.length) member.peer.send(at === 0 ? packed.bytes : packed.bytes.subarray(at));
      delivered += count - start;
    }
    this.stats.deliveries += delivered;
  }

  // ---- internals -----------------------------------------------------------------------

  #newRoom(name: string): Room {
    const room = new Room(name);
    room.topic = this.history?.topic(name) ?? null;
    this.#rooms.set(roomKey(name), room);
    return room;
  }

  #present(room: Room): { present: string[]; presentCount: number } {
    const present: string[] = [];
    for (const member of room.members) {
      if (present.length === this.#maxWelcomeNames) break;
      present.push(member.nick!);
    }
    return { present, presentCount: room.members.size };
  }

  #enter(session: Session, room: Room, first: boolean): void {
    this.#announce(room, { type: 'joined', time: this.clock(), room: room.name, nick: session.nick!, first }, session);
    room.members.add(session);
    // Entering during a batch: owed only the notices after its own.
    room.presence?.from.set(session, room.presence.events.length);
    session.rooms.add(room);
    session.current = room;
    session.historyCursor?.delete(roomKey(room.name));
    if (this.historyOnJoin > 0 && this.history !== null) {
      const messages = this.history.recent(room.name, this.historyOnJoin + 1, null);
      const more = messages.length > this.historyOnJoin;
      if (more) messages.shift();
      if (messages.length > 0) {
        (session.historyCursor ??= new Map()).set(roomKey(room.name), messages[0]!.id);
        this.tell(session, { type: 'history', room: room.name, messages, more });
      }
    }
  }

  #exit(session: Session, room: Room, reason: LeaveReason): void {
    // Someone moving on (not leaving the chat) is first told who came and went while it was here.
    if (!session.gone) this.#flushPresence(room);
    room.members.delete(session);
    room.presence?.from.delete(session);
    session.rooms.delete(room);
    if (session.current === room) session.current = session.rooms.values().next().value ?? null;
    session.historyCursor?.delete(roomKey(room.name));
    this.#announce(room, { type: 'left', time: this.clock(), room: room.name, nick: session.nick!, reason }, session);
    if (room.members.size === 0 && room !== this.defaultRoom) {
      this.#rooms.delete(roomKey(room.name));
      room.presence = null; // nobody left to tell
      this.#presenceRooms.delete(room);
    }
  }

  #runCommand(session: Session, name: string, args: readonly string[], rest: string): void {
    const spec = this.#commands.get(name.toLowerCase());
    if (spec === undefined) return this.fail(session, 'UNKNOWN_COMMAND', name);
    if (!session.registered && !spec.usableBeforeRegistration) return this.fail(session, 'NOT_REGISTERED', name);
    if (args.length < spec.minArgs) return this.fail(session, 'MISSING_ARGUMENT', name);
    spec.run({ hub: this, session, args, rest });
  }
}

/**
 * What one delivery makes for each wire format among its recipients, made once per format:
 * the common case, one format, is a comparison per recipient and no map.
 */
class PerEncoder<T> {
  readonly #make: (encoder: Encoder) => T;
  #first: Encoder | null = null;
  #firstValue: T | undefined;
  #others: Map<Encoder, T> | null = null;

  constructor(make: (encoder: Encoder) => T) {
    this.#make = make;
  }

  get(encoder: Encoder): T {
    if (encoder === this.#first) return this.#firstValue as T;
    if (this.#first === null) {
      this.#first = encoder;
      return (this.#firstValue = this.#make(encoder));
    }
    this.#others ??= new Map();
    let value = this.#others.get(encoder);
    if (value === undefined) {
      value = this.#make(encoder);
      this.#others.set(encoder, value);
    }
    return value;
  }
}

/** A presence batch in one wire format: one buffer, and where each notice starts in it. */
interface PackedBatch {
  readonly bytes: Buffer;
  /** `offsets[i]`: where notice i starts; `offsets[count]` is the end. */
  readonly offsets: number[];
}

function packBatch(encoder: Encoder, batch: PresenceBatch): PackedBatch {
  const events = batch.events;
  if (events.length === 1) {
    const bytes = encoder.encode(events[0]!);
    return { bytes, offsets: [0, bytes.length] };
  }
  const separator = encoder.separator;
  const parts: Buffer[] = [];
  const offsets: number[] = [];
  let at = 0;
  for (const event of events) {
    const bytes = encoder.encode(event);
    if (separator !== undefined && at > 0 && bytes.length > 0) {
      parts.push(separator);
      at += separator.length;
    }
    offsets.push(at);
    parts.push(bytes);
    at += bytes.length;
  }
  offsets.push(at);
  return { bytes: Buffer.concat(parts, at), offsets };
}
