import { TokenBucket } from './token-bucket.js';

/** Seconds of input a flooding client may have waiting before it is cut off. */
export const FLOOD_BACKLOG_SECONDS = 10;

/**
 * Flood control for one connection, the same on every door (a token bucket, then delay, then
 * cut): within the rate an input runs at once; past the burst, inputs wait their turn in
 * order; when more than ten seconds' worth (at least 10) are waiting, `flooded` is called and
 * the gate closes. A rate of 0 lets everything through.
 */
export class FloodGate<T> {
  readonly #rate: number;
  readonly #burst: number;
  readonly #run: (input: T) => void;
  readonly #flooded: () => void;
  #bucket: TokenBucket | null = null;
  #waiting: T[] | null = null;
  #timer: NodeJS.Timeout | null = null;
  #closed = false;

  /** `run` handles an input when its turn comes; `flooded` when the backlog is too long. */
  constructor(ratePerSecond: number, burst: number, run: (input: T) => void, flooded: () => void) {
    this.#rate = ratePerSecond;
    this.#burst = burst;
    this.#run = run;
    this.#flooded = flooded;
  }

  offer(input: T): void {
    if (this.#closed) return;
    if (this.#rate === 0) return this.#run(input);
    this.#bucket ??= new TokenBucket(this.#rate, this.#burst, Date.now());
    if (this.#waiting === null && this.#bucket.take(Date.now())) return this.#run(input);
    (this.#waiting ??= []).push(input);
    if (this.#waiting.length > Math.max(10, this.#rate * FLOOD_BACKLOG_SECONDS)) {
      this.close();
      this.#flooded();
      return;
    }
    this.#schedule();
  }

  /** Drops what is waiting and lets nothing more through. */
  close(): void {
    this.#closed = true;
    this.#waiting = null;
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
  }

  #schedule(): void {
    if (this.#timer !== null || this.#waiting === null) return;
    this.#timer = setTimeout(() => {
      this.#timer = null;
      const now = Date.now();
      while (this.#waiting !== null && !this.#closed && this.#bucket!.take(now)) {
        const next = this.#waiting.shift()!;
        if (this.#waiting.length === 0) this.#waiting = null;
        this.#run(next);
      }
      this.#schedule();
    }, Math.max(1, this.#bucket!.msUntilNext(Date.now())));
  }
}
