import type { ChatEvent } from '../core/events.js';
import type { Encoder } from '../core/peer.js';
import type { Catalog } from './catalog.js';

/** The plain line protocol: each event as one or more UTF-8 lines, each ending with LF. */
export class TextCodec implements Encoder {
  readonly #catalog: Catalog;

  constructor(catalog: Catalog) {
    this.#catalog = catalog;
  }

  encode(event: ChatEvent): Buffer {
    return Buffer.from(this.#catalog.lines(event).join('\n') + '\n', 'utf8');
  }
}
