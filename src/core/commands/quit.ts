import type { CommandSpec } from './command-spec.js';

/** `/quit`, `/sair`: leave the chat, as the original's `sair` does. */
export const quit: CommandSpec = {
  names: ['quit', 'sair'],
  usableBeforeRegistration: true,
  minArgs: 0,
  run({ hub, session }) {
    hub.leave(session, 'quit');
  },
};
