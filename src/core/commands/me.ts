import type { CommandSpec } from './command-spec.js';

/** `/me TEXT`: an action in the current room, shown as `* ana acena`. */
export const me: CommandSpec = {
  names: ['me', 'eu'],
  usableBeforeRegistration: false,
  minArgs: 1,
  run({ hub, session, rest }) {
    hub.say(session, rest, true);
  },
};
