import type { CommandSpec } from './command-spec.js';

/** `/quit`, `/sair`: leave, as the original's `sair` does. */
export const quit: CommandSpec = {
  names: ['quit', 'sair'],
  usableBeforeRegistration: true,
  minArgs: 0,
  run(ctx) {
    ctx.leave('quit');
  },
};
