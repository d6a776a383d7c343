import type { ChatEvent } from '../core/events.js';
import type { Encoder } from '../core/peer.js';
import type { Catalog } from './catalog.js';

/**
 * What the original server sent: the notice's bytes with no line end (`ana >> oi`,
 * `ana entrou no chat.`). The connection joins notices that go out together with LF.
 *
 * The original client was never greeted on joining, so a welcome shows only when its
 * nickname had to change; it is never sent the greeting's protocol marker twice either.
 */
export class OriginalCodec implements Encoder {
  readonly #catalog: Catalog;
  /** Notices sent together are joined by LF, with none at the end. */
  readonly separator = Buffer.from('\n');

  constructor(catalog: Catalog) {
    this.#catalog = catalog;
  }

  encode(event: ChatEvent): Buffer {
    // It never had history: a client that types no command sees only what the original sent.
    if (event.type === 'history') return EMPTY;
    if (event.type === 'welcome') {
      return event.requested === null
        ? EMPTY
        : Buffer.from('*** ' + this.#catalog.renamed(event.requested, event.nick), 'utf8');
    }
    return Buffer.from(this.#catalog.lines(event).join('\n'), 'utf8');
  }
}

const EMPTY = Buffer.alloc(0);
