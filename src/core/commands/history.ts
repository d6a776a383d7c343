import { MAX_HISTORY_PAGE } from '../hub.js';
import type { CommandSpec } from './command-spec.js';

/**
 * `/history [N] [BEFORE-ID]`, `/historico`: N (default 20, at most 200) earlier messages of the
 * current room, going further back at each call; BEFORE-ID pages from a given message.
 */
export const history: CommandSpec = {
  names: ['history', 'historico', 'histórico'],
  usableBeforeRegistration: false,
  minArgs: 0,
  run({ hub, session, args }) {
    const room = session.current;
    if (room === null) return hub.fail(session, 'NOT_IN_ROOM', '');
    const count = args[0] === undefined ? 20 : parseCount(args[0]);
    const before = args[1] === undefined ? null : parseCount(args[1]);
    if (count === null || count === 0) return hub.fail(session, 'BAD_NUMBER', args[0]!);
    if (args[1] !== undefined && before === null) return hub.fail(session, 'BAD_NUMBER', args[1]);
    hub.showHistory(session, room, Math.min(count, MAX_HISTORY_PAGE), before);
  },
};

function parseCount(text: string): number | null {
  return /^\d{1,9}$/.test(text) ? Number(text) : null;
}
