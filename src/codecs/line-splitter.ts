/** Receives what a `LineSplitter` finds; one object per connection, no closure per line. */
export interface LineSink {
  /** One complete line, without its LF or CRLF. The buffer may be a view of the input chunk. */
  line(bytes: Buffer): void;
  /** A line went past the limit; its bytes up to the next line end are being discarded. */
  lineTooLong(): void;
}

const LF = 0x0a;
const CR = 0x0d;

/**
 * Incremental, bounded line framing: feed it chunks as they arrive, get whole lines. Lines end
 * with LF or CRLF. A line longer than `maxLineBytes` (not counting its line end) is reported
 * once, and its bytes are dropped as they arrive, so memory per connection stays bounded.
 *
 * Lines are split on bytes, never inside a UTF-8 character (LF cannot occur inside one), so
 * decoding each whole line is safe however the input was cut into chunks.
 */
export class LineSplitter {
  readonly #maxLineBytes: number;
  readonly #sink: LineSink;
  #pending: Buffer[] = [];
  #pendingBytes = 0;
  #discarding = false;

  constructor(maxLineBytes: number, sink: LineSink) {
    this.#maxLineBytes = maxLineBytes;
    this.#sink = sink;
  }

  /** Bytes held for an unfinished line. */
  get pendingBytes(): number {
    return this.#pendingBytes;
  }

  /** Takes the held bytes of an unfinished line (and forgets them). */
  takePending(): Buffer {
    const out = this.#pending.length === 1 ? this.#pending[0]! : Buffer.concat(this.#pending, this.#pendingBytes);
    this.#pending = [];
    this.#pendingBytes = 0;
    return out;
  }

  push(chunk: Buffer): void {
    let start = 0;
    for (;;) {
      const lf = chunk.indexOf(LF, start);
      if (lf === -1) break;
      if (this.#discarding) {
        this.#discarding = false;
      } else {
        let line: Buffer;
        if (this.#pendingBytes === 0) {
          line = chunk.subarray(start, lf);
        } else {
          this.#pending.push(chunk.subarray(start, lf));
          line = Buffer.concat(this.#pending, this.#pendingBytes + lf - start);
          this.#pending = [];
          this.#pendingBytes = 0;
        }
        if (line.length > 0 && line[line.length - 1] === CR) line = line.subarray(0, line.length - 1);
        if (line.length > this.#maxLineBytes) this.#sink.lineTooLong();
        else this.#sink.line(line);
      }
      start = lf + 1;
    }
    if (start === chunk.length || this.#discarding) return;
    const restBytes = chunk.length - start;
    // +1: a line of exactly the limit may be waiting for the LF of its CRLF.
    if (this.#pendingBytes + restBytes > this.#maxLineBytes + 1) {
      this.#pending = [];
      this.#pendingBytes = 0;
      this.#discarding = true;
      this.#sink.lineTooLong();
      return;
    }
    // Copy: holding a view would keep the whole (up to 64 KiB) read buffer alive.
    this.#pending.push(Buffer.from(chunk.subarray(start)));
    this.#pendingBytes += restBytes;
  }
}
