import type { Hub } from '../hub.js';
import type { Session } from '../session.js';

/** What a command handler gets: the hub's primitives, the session, and what was typed. */
export interface CommandContext {
  readonly hub: Hub;
  readonly session: Session;
  /** The words after the command name. */
  readonly args: readonly string[];
  /** Everything after the command name, as typed. */
  readonly rest: string;
}

/**
 * One slash command: its names (English first, then the Portuguese alias) and what the generic
 * checks in `Hub` need to know. Handlers answer through the hub, never through a socket.
 */
export interface CommandSpec {
  readonly names: readonly string[];
  /** May be used before a nickname is registered. */
  readonly usableBeforeRegistration: boolean;
  readonly minArgs: number;
  run(ctx: CommandContext): void;
}
