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
const PRIVATE = '\x1b[1;35m';
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
        return [this.#stamp(event.time) + this.#message(event.nick, sanitizeText(event.text), event.action === true)];
      case 'private':
      case 'private-sent': {
        const mark = this.#catalog.privateMark(event.to, event.type === 'private');
        return [this.#stamp(event.time) + this.#paint(PRIVATE, mark) + ' ' + this.#message(event.from, sanitizeText(event.text), event.action === true)];
      }
      case 'history':
        return this.#catalog.lines(event).map((l, i, all) => {
          const m = i > 0 && i < all.length - 1 ? event.messages[i - 1] : undefined;
          if (m === undefined) return this.#stamp(Date.now()) + this.#dim(l);
          return this.#dim(this.#stamp(m.time, true) + this.#catalog.said(m.nick, sanitizeText(m.text), m.action === true));
        });
      case 'joined':
      case 'left':
      case 'renamed':
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
  own(nick: string, text: string, action = false): string {
    return this.#stamp(Date.now()) + this.#message(nick, text, action);
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

  /** `nick >> text`, or `* nick text` for an action, with the nickname's colour. */
  #message(nick: string, text: string, action: boolean): string {
    return action ? `* ${this.#nick(nick)} ${text}` : `${this.#nick(nick)} >> ${text}`;
  }

  /** The time in front of a line; `always` for history, whose times matter on any output. */
  #stamp(time: number, always = false): string {
    if (!this.#opts.times && !always) return '';
    const text = always ? `[${this.#catalog.time(time)}]` : this.#catalog.time(time);
    return always ? text + ' ' : this.#dim(text) + ' ';
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
