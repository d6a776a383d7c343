/** Something with queued output to write once per event-loop turn. */
export interface Flushable {
  flush(): void;
}

/** The shortest wait of the `soon` lane (presence notices, see `Hub.flushPresence`), ms. */
export const SOON_DELAY_MS = 50;
/** The longest the `soon` lane waits, however long its runs take, ms. */
export const SOON_DELAY_MAX_MS = 1000;

/**
 * Collects connections that have output and flushes each once, after the current turn's input
 * has all been handled (`setImmediate` runs after the poll phase). So a peer gets one write per
 * turn however many messages were queued for it.
 *
 * The `soon` lane runs work that may wait a little and gains from waiting: the hub's presence
 * notices, so that a join storm (thousands entering one room, each in its own turn) reaches each
 * member as one batch per wait instead of one write per arrival. One timer serves it: `soonDelayMs`,
 * or twice as long as its last run took (with the flush that follows), up to `SOON_DELAY_MAX_MS`,
 * so that it never takes more than about a third of the process's time and arrivals, messages
 * and answers keep moving during a storm.
 *
 * `beforeFlush` runs first in every flush (the history commit): what is written to sockets in
 * a turn is durable before anyone can read it.
 */
export class FlushScheduler {
  readonly #beforeFlush: () => void;
  readonly #soonDelayMs: number;
  #dirty: Flushable[] = [];
  #scheduled = false;
  #soonTasks: (() => void)[] = [];
  #soonTimer: NodeJS.Timeout | null = null;
  /** The `soon` lane's next wait, ms. */
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

  /** Make sure a flush runs at the end of this turn (the history has something to commit). */
  wake(): void {
    if (!this.#scheduled) {
      this.#scheduled = true;
      setImmediate(this.#run);
    }
  }

  /** Run `task` on the `soon` lane's next run (once, however often it is asked), then flush. */
  soon(task: () => void): void {
    if (!this.#soonTasks.includes(task)) this.#soonTasks.push(task);
    if (this.#soonTimer === null) {
      this.#soonTimer = setTimeout(this.#runSoon, this.#soonWaitMs);
      this.#soonTimer.unref(); // the sockets keep a server alive, not this timer
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
    const tasks = this.#soonTasks;
    this.#soonTasks = [];
    for (const task of tasks) task();
    // Write what the tasks queued now, to time the whole run (the turn's own flush, already
    // asked for, then finds nothing left).
    this.#run();
    const tookMs = performance.now() - started;
    this.#soonWaitMs = Math.min(SOON_DELAY_MAX_MS, Math.max(this.#soonDelayMs, Math.ceil(2 * tookMs)));
  };
}
