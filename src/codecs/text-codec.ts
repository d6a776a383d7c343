import type { ChatEvent } from '../core/events.js';
import type { Encoder } from '../core/peer.js';
import type { Catalog } from './catalog.js';

const EMPTY = Buffer.alloc(0);

/** The plain line protocol: each event as one or more UTF-8 lines, each ending with LF. */
export class TextCodec implements Encoder {
  readonly #catalog: Catalog;

  constructor(catalog: Catalog) {
    this.#catalog = catalog;
  }

  encode(event: ChatEvent): Buffer {
    const lines = this.#catalog.lines(event);
    return lines.length === 0 ? EMPTY : Buffer.from(lines.join('\n') + '\n', 'utf8');
  }
}
