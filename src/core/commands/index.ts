import type { CommandSpec } from './command-spec.js';
import { format } from './format.js';
import { help } from './help.js';
import { history } from './history.js';
import { join } from './join.js';
import { me } from './me.js';
import { msg } from './msg.js';
import { nick } from './nick.js';
import { part } from './part.js';
import { pong } from './pong.js';
import { quit } from './quit.js';
import { rooms } from './rooms.js';
import { topic } from './topic.js';
import { who } from './who.js';

/** Every slash command, one handler per file. Add a command by adding its file here. */
export const COMMANDS: readonly CommandSpec[] = [help, nick, who, msg, me, join, part, rooms, topic, history, quit, format, pong];

/** Command specs by every name and alias, lower case. */
export function commandTable(commands: readonly CommandSpec[] = COMMANDS): Map<string, CommandSpec> {
  const table = new Map<string, CommandSpec>();
  for (const spec of commands) {
    for (const name of spec.names) {
      if (table.has(name)) throw new Error(`command name ${name} registered twice`);
      table.set(name, spec);
    }
  }
  return table;
}

export type { CommandSpec, CommandContext } from './command-spec.js';
