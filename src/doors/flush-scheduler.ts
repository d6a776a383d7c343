/** Something with queued output to write. */
export interface Flushable {
  flush(): void;
}

/** How long presence notices wait for company before they are written, at least, ms (see `Urgency`). */
export const SOON_DELAY_MS = 50;
/** The longest the `soon` lane waits, however long its flushes take, ms. */
export const SOON_DELAY_MAX_MS = 1000;

/**
 * Collects connections that have output and flushes each once, after the current turn's input
 * has all been handled (`setImmediate` runs after the poll phase). So a peer gets one write per
 * turn however many messages were queued for it.
 *
 * A second lane, `soon`, waits `soonDelayMs` (one timer for all connections) before it
 * flushes: presence notices go there, so a join storm (thousands entering one room, each in
 * its own turn) costs each member one write per delay, not one write per arrival. When one of
 * its flushes takes long (a storm into a room of many thousands), the next waits twice as long
 * (up to `SOON_DELAY_MAX_MS`): the lane never takes more than about a third of the process's
 * time, so arrivals, messages and answers keep moving while the storm is written in big writes.
 *
 * `beforeFlush` runs first in every flush of either lane (the history commit): what is written
 * to sockets is durable before anyone can read it.
 */
export class FlushScheduler {
  readonly #beforeFlush: () => void;
  readonly #soonDelayMs: number;
  #dirty: Flushable[] = [];
  #scheduled = false;
  #soon: Flushable[] = [];
  #soonTimer: NodeJS.Timeout | null = null;
  /** The `soon` lane's next delay, ms: `soonDelayMs`, or twice its last flush's length. */
  #soonWaitMs: number;

  constructor(beforeFlush: () => void = () => {}, soonDelayMs = SOON_DELAY_MS) {
    this.#beforeFlush = beforeFlush;
    this.#soonDelayMs = soonDelayMs;
    this.#soonWaitMs = soonDelayMs;
  }

  /** Queue `target` for this turn's flush. The caller avoids adding the same target twice. */
  schedule(target: Flushable): void {
    this.#dirty.push(target);
    this.wake();
  }

  /** Queue `target` for the `soon` lane's next flush. The caller avoids adding it twice. */
  scheduleSoon(target: Flushable): void {
    this.#soon.push(target);
    if (this.#soonTimer === null) {
      this.#soonTimer = setTimeout(this.#runSoon, this.#soonWaitMs);
      this.#soonTimer.unref(); // the sockets keep a server alive, not this timer
    }
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

  readonly #runSoon = (): void => {
    const started = performance.now();
    this.#soonTimer = null;
    this.#beforeFlush();
    const soon = this.#soon;
    this.#soon = [];
    for (let i = 0; i < soon.length; i++) soon[i]!.flush();
    const tookMs = performance.now() - started;
    this.#soonWaitMs = Math.min(SOON_DELAY_MAX_MS, Math.max(this.#soonDelayMs, Math.ceil(2 * tookMs)));
  };
}
