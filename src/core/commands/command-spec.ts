import type { ChatEvent, LeaveReason } from '../events.js';
import type { Session } from '../session.js';

/** What a command handler may do; the hub implements it, so handlers never touch a socket. */
export interface CommandContext {
  readonly session: Session;
  /** Queue an event for this session alone. */
  reply(event: ChatEvent): void;
  /** Leave the chat and close the connection once what is queued is written. */
  leave(reason: LeaveReason): void;
}

/** One slash command: its names (English first, then aliases) and the generic checks. */
export interface CommandSpec {
  readonly names: readonly string[];
  /** May be used before a nickname is registered. */
  readonly usableBeforeRegistration: boolean;
  readonly minArgs: number;
  run(ctx: CommandContext, args: readonly string[]): void;
}
