/** Something with queued output to write once per event-loop turn. */
export interface Flushable {
  flush(): void;
}

/**
 * Collects connections that have output and flushes each once, after the current turn's input
 * has all been handled (`setImmediate` runs after the poll phase). So a peer gets one write per
 * turn however many messages were queued for it, and a join storm costs one write per peer.
 */
export class FlushScheduler {
  #dirty: Flushable[] = [];
  #scheduled = false;

  /** Queue `target` for this turn's flush. The caller avoids adding the same target twice. */
  schedule(target: Flushable): void {
    this.#dirty.push(target);
    if (!this.#scheduled) {
      this.#scheduled = true;
      setImmediate(this.#run);
    }
  }

  readonly #run = (): void => {
    this.#scheduled = false;
    const dirty = this.#dirty;
    this.#dirty = [];
    for (let i = 0; i < dirty.length; i++) dirty[i]!.flush();
  };
}
