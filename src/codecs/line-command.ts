import type { Command } from '../core/command.js';

/**
 * Parses one input line (already decoded) into a command:
 * - `sair` in any case (surrounding spaces ignored) leaves, as in the original;
 * - `//text` says `/text`;
 * - `/name args...` is a slash command (its words, and the rest of the line as typed);
 * - anything else is said as it is.
 */
export function parseLine(line: string): Command {
  if (line.length === 4 || line.trim().length === 4) {
    if (line.trim().toLowerCase() === 'sair') return { kind: 'quit' };
  }
  if (line.charCodeAt(0) === 0x2f /* / */) {
    if (line.charCodeAt(1) === 0x2f) return { kind: 'say', text: line.slice(1) };
    const body = line.slice(1);
    const space = body.indexOf(' ');
    const name = space === -1 ? body : body.slice(0, space);
    const rest = space === -1 ? '' : body.slice(space + 1).replace(/^ +/, '');
    const args = rest.split(' ').filter((p) => p !== '');
    return { kind: 'slash', name, args, rest };
  }
  return { kind: 'say', text: line };
}
