import type { CommandSpec } from './command-spec.js';

/** `/help`, `/ajuda`: the list of commands, in the connection's language. */
export const help: CommandSpec = {
  names: ['help', 'ajuda'],
  usableBeforeRegistration: true,
  minArgs: 0,
  run({ hub, session }) {
    hub.tell(session, { type: 'help' });
  },
};
