import type { Socket } from 'node:net';
import type { Flushable, FlushScheduler } from './flush-scheduler.js';

/** Bytes of the scratch buffer that flushes copy small queues into. */
const SCRATCH_BYTES = 64 * 1024;
/**
 * Shared by every queue: flushes run one at a time, and a socket that took a write whole has
 * no use for the bytes afterwards, so the next flush can copy into the same memory. When a
 * write is left pending (the socket keeps the buffer), a fresh scratch is made.
 */
let scratch = Buffer.allocUnsafeSlow(SCRATCH_BYTES);

/**
 * One connection's bounded send queue, shared by every door: bytes wait here until the turn's
 * flush, when the connection writes them in one go. The bound is the socket's backlog (what
 * earlier turns wrote and the kernel has not taken): a peer that reads keeps it near zero
 * however big one turn's burst is; past the limit the peer is not keeping up and is refused,
 * so memory per peer stays within the limit plus one turn's output.
 */
export class OutputQueue {
  #chunks: Buffer[] = [];
  #bytes = 0;
  #scheduled = false;
  /** The connection asked to close once what is queued is written. */
  ending = false;
  /** Nothing more is queued or written. */
  closed = false;
  readonly #socket: Socket;
  readonly #owner: Flushable;
  readonly #scheduler: FlushScheduler;

  constructor(socket: Socket, owner: Flushable, scheduler: FlushScheduler) {
    this.#socket = socket;
    this.#owner = owner;
    this.#scheduler = scheduler;
  }

  /** Bytes waiting for the peer: queued here plus what the socket has not handed to the kernel. */
  get backlogBytes(): number {
    return this.#bytes + this.#socket.writableLength;
  }

  get empty(): boolean {
    return this.#chunks.length === 0;
  }

  /**
   * Queues bytes for this turn's flush; false when the peer is past `limitBytes` behind. The
   * backlog is checked at the first bytes after a flush: until the next flush it can only shrink.
   */
  push(bytes: Buffer, limitBytes: number): boolean {
    if (this.closed || this.ending || bytes.length === 0) return true;
    if (this.#chunks.length === 0 && this.#socket.writableLength > limitBytes) return false;
    this.#chunks.push(bytes);
    this.#bytes += bytes.length;
    this.#schedule();
    return true;
  }

  /** Close after the queued bytes are written (the owner's flush sees `ending`). */
  end(): void {
    if (this.closed || this.ending) return;
    this.ending = true;
    this.#schedule();
  }

  /** Called first in the owner's flush. */
  flushing(): void {
    this.#scheduled = false;
  }

  /**
   * Writes everything queued (joined by `separator` if given) to the socket in one write, and
   * empties the queue. Several chunks are copied into the shared scratch buffer, not a new one
   * per flush: a storm or a busy room would otherwise make a buffer per peer per turn.
   */
  write(separator?: Buffer): void {
    const chunks = this.#chunks;
    if (chunks.length === 1) {
      this.#socket.write(this.take()); // one shared event: written as it is, no copy
      return;
    }
    const total = this.#bytes + (separator === undefined ? 0 : separator.length * (chunks.length - 1));
    if (total > SCRATCH_BYTES || this.#socket.writableLength > 0) {
      // big, or queued behind an unfinished write (which would keep the scratch): a buffer of its own
      this.#socket.write(this.take(separator));
      return;
    }
    let at = 0;
    for (let i = 0; i < chunks.length; i++) {
      if (i > 0 && separator !== undefined) {
        scratch.set(separator, at);
        at += separator.length;
      }
      const chunk = chunks[i]!;
      scratch.set(chunk, at); // TypedArray set: cheaper than Buffer#copy for small chunks
      at += chunk.length;
    }
    this.#chunks = [];
    this.#bytes = 0;
    this.#socket.write(scratch.subarray(0, at));
    // The socket took it whole unless something is left waiting: then the scratch is its now.
    if (this.#socket.writableLength > 0) scratch = Buffer.allocUnsafeSlow(SCRATCH_BYTES);
  }

  /** Everything queued as one buffer (joined by `separator` if given), and the queue emptied. */
  take(separator?: Buffer): Buffer {
    const chunks = this.#chunks;
    const bytes = this.#bytes;
    this.#chunks = [];
    this.#bytes = 0;
    if (chunks.length === 1) return chunks[0]!;
    if (separator === undefined) return Buffer.concat(chunks, bytes);
    const parts: Buffer[] = [];
    for (let i = 0; i < chunks.length; i++) {
      if (i > 0) parts.push(separator);
      parts.push(chunks[i]!);
    }
    return Buffer.concat(parts, bytes + separator.length * (chunks.length - 1));
  }

  /** Drops what is queued and accepts nothing more. */
  close(): void {
    this.closed = true;
    this.#chunks = [];
    this.#bytes = 0;
  }

  #schedule(): void {
    if (!this.#scheduled) {
      this.#scheduled = true;
      this.#scheduler.schedule(this.#owner);
    }
  }
}
