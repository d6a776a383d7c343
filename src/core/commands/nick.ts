import type { CommandSpec } from './command-spec.js';

/** `/nick NEW`, `/nome`: change nickname, under the same rules as at registration. */
export const nick: CommandSpec = {
  names: ['nick', 'nome'],
  usableBeforeRegistration: false,
  minArgs: 1,
  run({ hub, session, rest }) {
    hub.rename(session, rest);
  },
};
