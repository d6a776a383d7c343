import type { CommandSpec } from './command-spec.js';

/** `/msg NICK TEXT`, `/privado`: a private message that only NICK sees, wherever they are. */
export const msg: CommandSpec = {
  names: ['msg', 'privado'],
  usableBeforeRegistration: false,
  minArgs: 2,
  run({ hub, session, args, rest }) {
    const to = hub.findByNick(args[0]!);
    if (to === undefined) return hub.fail(session, 'NO_SUCH_NICK', args[0]!);
    hub.sayPrivate(session, to, afterFirstWord(rest), false);
  },
};

/** `rest` without its first word and the spaces after it: the message as typed. */
export function afterFirstWord(rest: string): string {
  return rest.replace(/^\S+ */, '');
}
