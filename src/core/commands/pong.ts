import type { CommandSpec } from './command-spec.js';

/** `/pong`: the answer to a keep-alive `ping` event. Any line counts; this one says nothing. */
export const pong: CommandSpec = {
  names: ['pong'],
  usableBeforeRegistration: true,
  minArgs: 0,
  run() {},
};
