import type { CommandSpec } from './command-spec.js';

/** `/rooms`, `/salas`: every room with its member count and topic, the busiest first. */
export const rooms: CommandSpec = {
  names: ['rooms', 'salas'],
  usableBeforeRegistration: false,
  minArgs: 0,
  run({ hub, session }) {
    const list = hub
      .rooms()
      .map((r) => ({ name: r.name, members: r.members.size, topic: r.topic }))
      .sort((a, b) => b.members - a.members || a.name.localeCompare(b.name));
    hub.tell(session, { type: 'rooms', rooms: list });
  },
};
