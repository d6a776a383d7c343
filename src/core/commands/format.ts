import type { CommandSpec } from './command-spec.js';

/**
 * `/format json|text`: switch this connection's output between plain lines and one JSON event
 * per line (structured mode, used by papo's own client). Usable before registration.
 */
export const format: CommandSpec = {
  names: ['format', 'formato'],
  usableBeforeRegistration: true,
  minArgs: 1,
  run(ctx, args) {
    const wanted = args[0]!.toLowerCase();
    const peer = ctx.session.peer;
    if ((wanted !== 'json' && wanted !== 'text') || peer.setFormat === undefined) {
      ctx.reply({ type: 'error', code: 'UNKNOWN_FORMAT', subject: args[0]! });
      return;
    }
    peer.setFormat(wanted);
    ctx.reply({ type: 'format', format: wanted });
  },
};
