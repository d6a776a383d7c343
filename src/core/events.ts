/**
 * The events papo's hub emits, declared once and shared by every codec, every door and the
 * client (the JSON codec sends exactly these objects, one per line).
 *
 * Times are milliseconds since the Unix epoch (UTC). Rooms are names with their leading `#`.
 */

/** Why a session left a room. All but `part` mean it left the chat. */
export type LeaveReason =
  | 'quit' // `sair`, `/quit`, Ctrl-D in papo's client
  | 'part' // `/part`, or `/join` moving a line connection to another room: still in the chat
  | 'dropped' // the connection closed or failed
  | 'send-queue' // the peer stopped reading and its send queue filled up
  | 'flood' // kept sending faster than the message rate allows
  | 'idle' // a structured client answered no keep-alive ping
  | 'nick-timeout' // no nickname within the time allowed
  | 'server-closing'; // the server is shutting down

/** Stable error codes; each door chooses the words (or the IRC numeric) for them. */
export type ErrorCode =
  | 'NICK_EMPTY'
  | 'NICK_TOO_LONG'
  | 'NICK_BAD_CHAR'
  | 'NICK_IN_USE'
  | 'NICK_LOOKS_LIKE'
  | 'NICK_UNCHANGED'
  | 'NO_SUCH_NICK'
  | 'ROOM_BAD_NAME'
  | 'NO_SUCH_ROOM'
  | 'ALREADY_IN_ROOM'
  | 'TOO_MANY_ROOMS'
  | 'NOT_IN_ROOM'
  | 'CANNOT_PART_DEFAULT'
  | 'TOPIC_TOO_LONG'
  | 'BAD_NUMBER'
  | 'LINE_TOO_LONG'
  | 'BAD_MESSAGE'
  | 'UNKNOWN_COMMAND'
  | 'MISSING_ARGUMENT'
  | 'UNKNOWN_FORMAT'
  | 'NOT_REGISTERED'
  | 'ALREADY_REGISTERED'
  | 'NICK_TIMEOUT'
  | 'FLOOD'
  | 'SERVER_FULL'
  | 'TOO_MANY_CONNECTIONS';

/** The server asks for a nickname: the first thing a line-protocol connection receives. */
export interface HelloEvent {
  readonly type: 'hello';
  /** Line-protocol version, so a client knows what it is talking to. */
  readonly protocol: number;
}

/** Registration succeeded. Sent only to the session that registered. */
export interface WelcomeEvent {
  readonly type: 'welcome';
  readonly time: number;
  readonly nick: string;
  /** The nickname that was asked for, when the server had to pick a variant of it. */
  readonly requested: string | null;
  readonly room: string;
  /** Nicknames already in the room, not counting the newcomer. */
  readonly present: readonly string[];
  /** How many were in the room (`present` may list only the first few). */
  readonly presentCount: number;
  readonly topic: string | null;
}

/** The session entered a room other than at registration (`/join`). Sent to it alone. */
export interface EnteredEvent {
  readonly type: 'entered';
  readonly time: number;
  readonly room: string;
  readonly present: readonly string[];
  readonly presentCount: number;
  readonly topic: string | null;
}

/** Someone said something in a room (`action`: a `/me` line). */
export interface SaidEvent {
  readonly type: 'said';
  /** Unique and increasing, across restarts when history is kept. */
  readonly id: number;
  readonly time: number;
  readonly room: string;
  readonly nick: string;
  readonly text: string;
  readonly action?: boolean;
}

/** What a private message carries, whoever sees it. */
interface PrivateFields {
  readonly id: number;
  readonly time: number;
  readonly from: string;
  readonly to: string;
  readonly text: string;
  readonly action?: boolean;
}

/** A private message, as its recipient sees it. */
export interface PrivateEvent extends PrivateFields {
  readonly type: 'private';
}

/** The confirmation of a private message, as its sender sees it. */
export interface PrivateSentEvent extends PrivateFields {
  readonly type: 'private-sent';
}

/** Someone entered a room: `first` when that was their arrival in the chat. */
export interface JoinedEvent {
  readonly type: 'joined';
  readonly time: number;
  readonly room: string;
  readonly nick: string;
  readonly first: boolean;
}

/** Someone left a room: with `part` they are still in the chat, otherwise they left it. */
export interface LeftEvent {
  readonly type: 'left';
  readonly time: number;
  readonly room: string;
  readonly nick: string;
  readonly reason: LeaveReason;
}

/** Someone changed nickname; sent to everyone who shares a room with them, and to them. */
export interface RenamedEvent {
  readonly type: 'renamed';
  readonly time: number;
  readonly old: string;
  readonly nick: string;
}

/** A room's topic: set by `nick`, or (`nick` null) the answer to `/topic` without text. */
export interface TopicEvent {
  readonly type: 'topic';
  readonly time: number;
  readonly room: string;
  readonly topic: string | null;
  readonly nick: string | null;
}

/** One room in the answer to `/rooms`. */
export interface RoomInfo {
  readonly name: string;
  readonly members: number;
  readonly topic: string | null;
}

/** The answer to `/rooms`. */
export interface RoomsEvent {
  readonly type: 'rooms';
  readonly rooms: readonly RoomInfo[];
}

/** The answer to `/who`: the members of a room. */
export interface WhoEvent {
  readonly type: 'who';
  readonly room: string;
  readonly nicks: readonly string[];
}

/** Earlier messages of a room, oldest first; `more` when older ones remain. */
export interface HistoryEvent {
  readonly type: 'history';
  readonly room: string;
  readonly messages: readonly SaidEvent[];
  readonly more: boolean;
}

/** A request failed; sent only to the session that made it. */
export interface ErrorEvent {
  readonly type: 'error';
  readonly code: ErrorCode;
  /** What the error is about: the nickname, the command name, the room, or the limit passed. */
  readonly subject?: string;
  /** The other nickname, for `NICK_LOOKS_LIKE`. */
  readonly other?: string;
  /** For nickname errors during registration: the server is waiting for another try. */
  readonly retry?: boolean;
}

/** The answer to `/help`. */
export interface HelpEvent {
  readonly type: 'help';
}

/** The connection's output format changed (`/format json`); sent in the new format. */
export interface FormatEvent {
  readonly type: 'format';
  readonly format: 'text' | 'json';
}

/** Keep-alive check for structured clients after a silence: answer with any line (`/pong`). */
export interface PingEvent {
  readonly type: 'ping';
  readonly time: number;
}

/** The server is shutting down; the connection will close. */
export interface ClosingEvent {
  readonly type: 'closing';
}

/** Every event a session can receive. */
export type ChatEvent =
  | HelloEvent
  | WelcomeEvent
  | EnteredEvent
  | SaidEvent
  | PrivateEvent
  | PrivateSentEvent
  | JoinedEvent
  | LeftEvent
  | RenamedEvent
  | TopicEvent
  | RoomsEvent
  | WhoEvent
  | HistoryEvent
  | ErrorEvent
  | HelpEvent
  | FormatEvent
  | PingEvent
  | ClosingEvent;

/** Version of the line protocol announced in the greeting. */
export const LINE_PROTOCOL_VERSION = 1;
