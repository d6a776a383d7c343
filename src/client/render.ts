import type { Catalog } from '../codecs/catalog.js';
import type { ChatEvent } from '../core/events.js';
import { sanitizeText } from '../core/sanitize.js';

/** How incoming text is shown. */
export interface RenderOptions {
  /** ANSI colours (a terminal, and NO_COLOR unset). */
  readonly color: boolean;
  /** `HH:MM` before each line (a terminal). */
  readonly times: boolean;
}

const RESET = '\x1b[0m';
const DIM = '\x1b[2m';
const BOLD = '\x1b[1m';
const RED = '\x1b[31m';
// Bright colours that read on dark and light backgrounds; blue is left out (too dark).
const NICK_COLOURS = ['\x1b[91m', '\x1b[92m', '\x1b[93m', '\x1b[95m', '\x1b[96m', '\x1b[32m', '\x1b[33m', '\x1b[35m', '\x1b[36m'];

/** A nickname's colour: the same nickname always gets the same one. */
export function nickColour(nick: string): string {
  let h = 0;
  for (let i = 0; i < nick.length; i++) h = (h * 31 + nick.charCodeAt(i)) >>> 0;
  return NICK_COLOURS[h % NICK_COLOURS.length]!;
}

/** Turns events (structured mode) and raw lines (the original server) into display lines. */
export class Renderer {
  readonly #catalog: Catalog;
  readonly #opts: RenderOptions;
  /** Our own nickname, shown in bold. */
  me: string | null = null;

  constructor(catalog: Catalog, opts: RenderOptions) {
    this.#catalog = catalog;
    this.#opts = opts;
  }

  /** Display lines for one event from a papo server. */
  event(event: ChatEvent): string[] {
    switch (event.type) {
      case 'said':
        return [this.#stamp(event.time) + this.#nick(event.nick) + ' >> ' + sanitizeText(event.text)];
      case 'joined':
      case 'left':
        return [this.#stamp(event.time) + this.#dim(this.#catalog.lines(event)[0]!)];
      case 'error':
        return this.#catalog.lines(event).map((l) => this.#stamp(Date.now()) + this.#paint(RED, l));
      case 'hello':
      case 'format':
        return [];
      default:
        return this.#catalog.lines(event).map((l) => this.#stamp(Date.now()) + this.#dim(l));
    }
  }

  /** Our own message as we sent it. */
  own(nick: string, text: string): string {
    return this.#stamp(Date.now()) + this.#nick(nick) + ' >> ' + text;
  }

  /** A line of our own (connection state, errors). */
  note(text: string): string {
    return this.#stamp(Date.now()) + this.#dim('*** ' + text);
  }

  /** A line as the original server sent it: `nick >> text` gets its colour, notices are dimmed. */
  raw(line: string): string {
    const clean = sanitizeText(line);
    const stamp = this.#stamp(Date.now());
    const m = /^(\S+) >> /.exec(clean);
    if (m !== null) return stamp + this.#nick(m[1]!) + clean.slice(m[1]!.length);
    if (/^\S+ (entrou no chat|saiu do chat|joined the chat|left the chat)\.$/.test(clean) || clean.startsWith('*** ')) {
      return stamp + this.#dim(clean);
    }
    return stamp + clean;
  }

  #stamp(time: number): string {
    if (!this.#opts.times) return '';
    const d = new Date(time);
    const hhmm = `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
    return this.#dim(hhmm) + ' ';
  }

  #nick(nick: string): string {
    if (!this.#opts.color) return nick;
    return (nick === this.me ? BOLD : '') + nickColour(nick) + nick + RESET;
  }

  #dim(text: string): string {
    return this.#paint(DIM, text);
  }

  #paint(code: string, text: string): string {
    return this.#opts.color ? code + text + RESET : text;
  }
}
