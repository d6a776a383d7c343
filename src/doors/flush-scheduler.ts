/** Something with queued output to write once per event-loop turn. */
export interface Flushable {
  flush(): void;
}

/**
 * Collects connections that have output and flushes each once, after the current turn's input
 * has all been handled (`setImmediate` runs after the poll phase). So a peer gets one write per
 * turn however many messages were queued for it, and a join storm costs one write per peer.
 *
 * `beforeFlush` runs first in every flush (the history commit): what is written to sockets in
 * a turn is durable before anyone can read it.
 */
export class FlushScheduler {
  readonly #beforeFlush: () => void;
  #dirty: Flushable[] = [];
  #scheduled = false;

  constructor(beforeFlush: () => void = () => {}) {
    this.#beforeFlush = beforeFlush;
  }

  /** Queue `target` for this turn's flush. The caller avoids adding the same target twice. */
  schedule(target: Flushable): void {
    this.#dirty.push(target);
    this.wake();
  }

  /** Make sure a flush runs at the end of this turn (the history has something to commit). */
  wake(): void {
    if (!this.#scheduled) {
      this.#scheduled = true;
      setImmediate(this.#run);
    }
  }

  readonly #run = (): void => {
    this.#scheduled = false;
    this.#beforeFlush();
    const dirty = this.#dirty;
    this.#dirty = [];
    for (let i = 0; i < dirty.length; i++) dirty[i]!.flush();
  };
}
