import type { Command } from '../core/command.js';

/**
 * Parses one input line (already decoded) into a command:
 * - `sair` in any case (surrounding spaces ignored) leaves, as in the original;
 * - `//text` says `/text`;
 * - `/name args...` is a slash command (arguments split on spaces);
 * - anything else is said as it is.
 */
export function parseLine(line: string): Command {
  if (line.length === 4 || line.trim().length === 4) {
    if (line.trim().toLowerCase() === 'sair') return { kind: 'quit' };
  }
  if (line.charCodeAt(0) === 0x2f /* / */) {
    if (line.charCodeAt(1) === 0x2f) return { kind: 'say', text: line.slice(1) };
    const parts = line.slice(1).split(' ').filter((p) => p !== '');
    const name = parts.shift() ?? '';
    return { kind: 'slash', name, args: parts };
  }
  return { kind: 'say', text: line };
}
