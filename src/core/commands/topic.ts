import { MAX_TOPIC_CHARS } from '../room.js';
import { sanitizeText } from '../sanitize.js';
import type { CommandSpec } from './command-spec.js';

/**
 * `/topic [TEXT]`, `/tema`: with text, set the current room's topic (`/topic -` clears it);
 * without, show it.
 */
export const topic: CommandSpec = {
  names: ['topic', 'tema'],
  usableBeforeRegistration: false,
  minArgs: 0,
  run({ hub, session, rest }) {
    const room = session.current;
    if (room === null) return hub.fail(session, 'NOT_IN_ROOM', '');
    const text = sanitizeText(rest).trim();
    if (text === '') {
      hub.tell(session, { type: 'topic', time: hub.clock(), room: room.name, topic: room.topic, nick: null });
      return;
    }
    if (Array.from(text).length > MAX_TOPIC_CHARS) return hub.fail(session, 'TOPIC_TOO_LONG', String(MAX_TOPIC_CHARS));
    hub.setTopic(session, room, text === '-' ? null : text);
  },
};
