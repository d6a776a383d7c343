import type { CommandSpec } from './command-spec.js';

/**
 * `/format json|text`, `/formato`: switch this connection's output between plain lines and one
 * JSON event per line (structured mode, used by papo's own client). Usable before registration.
 */
export const format: CommandSpec = {
  names: ['format', 'formato'],
  usableBeforeRegistration: true,
  minArgs: 1,
  run({ hub, session, args }) {
    const wanted = args[0]!.toLowerCase();
    const peer = session.peer;
    if ((wanted !== 'json' && wanted !== 'text') || peer.setFormat === undefined) {
      return hub.fail(session, 'UNKNOWN_FORMAT', args[0]!);
    }
    peer.setFormat(wanted);
    hub.tell(session, { type: 'format', format: wanted });
  },
};
