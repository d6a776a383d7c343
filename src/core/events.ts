/**
 * The events papo's hub emits, declared once and shared by every codec, every door and the
 * client (the JSON codec sends exactly these objects, one per line).
 *
 * Times are milliseconds since the Unix epoch (UTC). Rooms are names with their leading `#`.
 */

/** Why a session left: shown in logs and in structured events; the plain notice is the same. */
export type LeaveReason =
  | 'quit' // `sair`, `/quit`, Ctrl-D in papo's client
  | 'dropped' // the connection closed or failed
  | 'send-queue' // the peer stopped reading and its send queue filled up
  | 'nick-timeout' // no nickname within the time allowed
  | 'server-closing'; // the server is shutting down

/** Stable error codes; each door chooses the words (or the IRC numeric) for them. */
export type ErrorCode =
  | 'NICK_EMPTY'
  | 'NICK_TOO_LONG'
  | 'NICK_BAD_CHAR'
  | 'NICK_IN_USE'
  | 'LINE_TOO_LONG'
  | 'UNKNOWN_COMMAND'
  | 'MISSING_ARGUMENT'
  | 'UNKNOWN_FORMAT'
  | 'NOT_REGISTERED'
  | 'ALREADY_REGISTERED'
  | 'NICK_TIMEOUT';

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
}

/** Someone said something in a room. */
export interface SaidEvent {
  readonly type: 'said';
  /** Unique per server run, increasing. */
  readonly id: number;
  readonly time: number;
  readonly room: string;
  readonly nick: string;
  readonly text: string;
}

/** Someone entered a room. */
export interface JoinedEvent {
  readonly type: 'joined';
  readonly time: number;
  readonly room: string;
  readonly nick: string;
}

/** Someone left a room (and, in this version, the chat). */
export interface LeftEvent {
  readonly type: 'left';
  readonly time: number;
  readonly room: string;
  readonly nick: string;
  readonly reason: LeaveReason;
}

/** A request failed; sent only to the session that made it. */
export interface ErrorEvent {
  readonly type: 'error';
  readonly code: ErrorCode;
  /** What the error is about: the nickname, the command name, or the byte limit passed. */
  readonly subject?: string;
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

/** The server is shutting down; the connection will close. */
export interface ClosingEvent {
  readonly type: 'closing';
}

/** Every event a session can receive. */
export type ChatEvent =
  | HelloEvent
  | WelcomeEvent
  | SaidEvent
  | JoinedEvent
  | LeftEvent
  | ErrorEvent
  | HelpEvent
  | FormatEvent
  | ClosingEvent;

/** Version of the line protocol announced in the greeting. */
export const LINE_PROTOCOL_VERSION = 1;
