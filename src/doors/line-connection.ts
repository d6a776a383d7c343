import type { Socket } from 'node:net';
import { parseLine } from '../codecs/line-command.js';
import { LineSplitter, type LineSink } from '../codecs/line-splitter.js';
import { incompleteUtf8Tail } from '../codecs/utf8.js';
import { LINE_PROTOCOL_VERSION, type LeaveReason } from '../core/events.js';
import type { Encoder, Peer } from '../core/peer.js';
import type { Session } from '../core/session.js';
import type { Flushable } from './flush-scheduler.js';
import { FloodGate } from './flood-gate.js';
import { OutputQueue } from './output-queue.js';
import type { LineDoorContext } from './line-door-context.js';

/**
 * How the connection frames input and output:
 * - `detecting`: nothing has ended in a line end yet; reads are held until a line end arrives
 *   (`line`) or the peer falls silent with an unterminated nickname (`original`).
 * - `line`: lines end with LF or CRLF, output lines end with LF.
 * - `original`: the original Python client: each read is one message (split at any line ends
 *   inside it), output has no trailing line end, notices sent together are joined by LF.
 */
type Framing = 'detecting' | 'line' | 'original';

const LF = Buffer.from('\n');

/**
 * One line-protocol connection: reads bytes, hands parsed commands to the hub, and keeps the
 * bounded send queue that the hub fills. One write per turn (see `FlushScheduler`).
 */
export class LineConnection implements Peer, LineSink, Flushable {
  encoder: Encoder;
  readonly session: Session;
  readonly remoteAddress: string;
  readonly openedAt: number;
  readonly #socket: Socket;
  readonly #door: LineDoorContext;
  readonly #splitter: LineSplitter;
  #framing: Framing = 'detecting';
  /** Reads held while detecting (bounded by the line limit). */
  #early: Buffer[] = [];
  #earlyBytes = 0;
  /** Original framing: a read whose last character is not complete yet. */
  #held: Buffer | null = null;
  readonly #out: OutputQueue;
  #lastWriteAt = 0;
  /** The line limit and message rate when this connection opened (see `Limits`). */
  readonly #maxLineBytes: number;
  readonly #rate: number;
  /** When the peer last sent anything, ms since the epoch. */
  lastInputAt = Date.now();
  /** A keep-alive ping went out and nothing has come since. */
  #pinged = false;
  /** Flood control, made on the first line. */
  #gate: FloodGate<string> | null = null;
  /** Why the hub is told this session left when the socket closes. */
  #leaveReason: LeaveReason = 'dropped';
  /** Detection timer while detecting; the held-read timer in original framing. */
  #timer: NodeJS.Timeout | null = null;
  /** Original framing: the next paced write. */
  #paceTimer: NodeJS.Timeout | null = null;
  #nickTimer: NodeJS.Timeout | null = null;

  constructor(socket: Socket, door: LineDoorContext) {
    this.#socket = socket;
    this.#door = door;
    this.#out = new OutputQueue(socket, this, door.scheduler);
    this.remoteAddress = socket.remoteAddress ?? '?';
    this.openedAt = Date.now();
    this.encoder = door.codecs.text;
    this.#maxLineBytes = door.limits.maxLineBytes;
    this.#rate = door.limits.messagesPerSecond;
    this.#splitter = new LineSplitter(this.#maxLineBytes, this);
    this.session = door.hub.open(this);
    socket.setNoDelay(true);
    socket.setKeepAlive(true, door.keepAliveMs);
    socket.on('data', (chunk: Buffer) => this.#onData(chunk));
    socket.on('error', (err: NodeJS.ErrnoException) => {
      door.logger.debug({ addr: this.remoteAddress, err: err.code ?? err.message }, 'socket error');
    });
    socket.on('close', () => this.#onClose());
    if (door.limits.nickTimeoutMs > 0) {
      this.#nickTimer = setTimeout(() => this.#nickTimedOut(), door.limits.nickTimeoutMs);
    }
    door.hub.tell(this.session, { type: 'hello', protocol: LINE_PROTOCOL_VERSION });
  }

  /** Bytes waiting for this peer: queued here plus what the socket has not handed to the kernel. */
  get sendQueueBytes(): number {
    return this.#out.backlogBytes;
  }

  // ---- Peer ----------------------------------------------------------------------------

  send(bytes: Buffer): void {
    if (!this.#out.push(bytes, this.#door.limits.sendQueueBytes)) this.#cutOff('send-queue');
  }

  end(): void {
    this.#out.end();
  }

  setFormat(format: 'text' | 'json'): void {
    if (this.#framing === 'original') return; // the original client reads only the original's text
    this.encoder = format === 'json' ? this.#door.codecs.json : this.#door.codecs.text;
  }

  // ---- Flushable -----------------------------------------------------------------------

  flush(): void {
    this.#out.flushing();
    if (this.#out.closed) return;
    if (!this.#out.empty) {
      if (this.#framing === 'original' && !this.#out.ending) {
        // The original client prints each read on its own line: space writes apart so that
        // two turns' output is not merged into one read without a line end between them.
        const wait = this.#lastWriteAt + this.#door.originalWriteGapMs - Date.now();
        if (wait > 0) {
          if (this.#paceTimer === null) {
            this.#paceTimer = setTimeout(() => {
              this.#paceTimer = null;
              this.flush();
            }, wait);
          }
          return;
        }
      }
      // The original client gets notices joined by line ends and no trailing one.
      this.#out.write(this.#framing === 'original' ? LF : undefined);
      this.#lastWriteAt = Date.now();
    }
    if (this.#out.ending) {
      this.#socket.end();
      // A peer that does not read would keep the socket open forever: give up after a while.
      setTimeout(() => this.#socket.destroy(), this.#door.endTimeoutMs).unref();
    }
  }

  // ---- input ---------------------------------------------------------------------------

  #onData(chunk: Buffer): void {
    if (this.session.gone) return;
    this.lastInputAt = Date.now();
    this.#pinged = false;
    switch (this.#framing) {
      case 'line':
        this.#splitter.push(chunk);
        return;
      case 'original':
        this.#originalRead(chunk);
        return;
      case 'detecting':
        this.#detect(chunk);
        return;
    }
  }

  #detect(chunk: Buffer): void {
    // A line end means the line protocol. So does more than a line's worth of bytes without
    // one: no nickname is that long, and the splitter will report the over-long line.
    if (chunk.includes(0x0a) || this.#earlyBytes + chunk.length > this.#maxLineBytes) {
      this.#framing = 'line';
      this.#clearTimer();
      const early = this.#early;
      this.#early = [];
      this.#earlyBytes = 0;
      for (const read of early) this.#splitter.push(read);
      this.#splitter.push(chunk);
      return;
    }
    this.#earlyBytes += chunk.length;
    this.#early.push(Buffer.from(chunk));
    this.#clearTimer();
    this.#timer = setTimeout(() => this.#becomeOriginal(), this.#door.originalDetectMs);
  }

  /** The first bytes came without a line end and nothing followed: the original client. */
  #becomeOriginal(): void {
    this.#timer = null;
    if (this.#framing !== 'detecting' || this.session.gone) return;
    this.#framing = 'original';
    this.encoder = this.#door.codecs.original;
    const [nickBytes, ...messages] = this.#early;
    this.#early = [];
    this.#earlyBytes = 0;
    this.#clearNickTimer();
    // The original server read the nickname with one recv(50); it may carry line ends too.
    const nick = nickBytes!.toString('utf8').split(/\r?\n|\r/)[0] ?? '';
    this.#door.hub.register(this.session, nick, 'coerce');
    for (const read of messages) this.#originalRead(read);
  }

  /** Original framing: one read is one message; line ends inside it separate messages. */
  #originalRead(chunk: Buffer): void {
    let read = chunk;
    if (this.#held !== null) {
      read = Buffer.concat([this.#held, chunk]);
      this.#held = null;
      this.#clearTimer();
    }
    if (incompleteUtf8Tail(read) > 0) {
      // A character was cut at the read boundary: wait briefly for the rest of this message.
      this.#held = Buffer.from(read);
      this.#timer = setTimeout(() => {
        this.#timer = null;
        const held = this.#held;
        this.#held = null;
        if (held !== null && !this.session.gone) this.#originalMessage(held);
      }, this.#door.originalDetectMs);
      return;
    }
    this.#originalMessage(read);
  }

  #originalMessage(read: Buffer): void {
    let start = 0;
    while (start <= read.length && !this.session.gone) {
      let end = read.indexOf(0x0a, start);
      if (end === -1) end = read.length;
      let stop = end;
      if (stop > start && read[stop - 1] === 0x0d) stop--;
      if (stop - start > this.#maxLineBytes) this.lineTooLong();
      else if (stop > start) this.line(read.subarray(start, stop));
      start = end + 1;
    }
  }

  // ---- LineSink ------------------------------------------------------------------------

  line(bytes: Buffer): void {
    if (this.session.gone) return;
    // Flood control: within the rate a line runs at once, past it lines wait their turn, and
    // a client ten seconds behind is cut off (`FloodGate`).
    this.#gate ??= new FloodGate<string>(
      this.#rate,
      this.#door.limits.messageBurst,
      (text) => {
        if (!this.session.gone) this.#execute(text);
      },
      () => this.#flooded(),
    );
    this.#gate.offer(bytes.toString('utf8'));
  }

  #flooded(): void {
    this.#door.hub.tell(this.session, { type: 'error', code: 'FLOOD', subject: String(this.#rate) });
    this.#door.logger.warn({ door: 'tcp', addr: this.remoteAddress, nick: this.session.nick, reason: 'flood' }, 'cut off');
    this.#door.count.cutOff('flood');
    this.#leaveReason = 'flood';
    this.#door.hub.leave(this.session, 'flood');
  }

  #execute(text: string): void {
    const wasRegistered = this.session.registered;
    this.#door.hub.execute(this.session, parseLine(text));
    if (!wasRegistered && this.session.registered) this.#clearNickTimer();
  }

  lineTooLong(): void {
    this.#door.hub.tell(this.session, { type: 'error', code: 'LINE_TOO_LONG', subject: String(this.#maxLineBytes) });
  }

  /**
   * The door's idle sweep: a structured client silent for `idleTimeoutMs` is pinged, and if it
   * stays silent as long again, cut off. People on plain text are never cut for being quiet:
   * TCP keep-alive finds their dead connections.
   */
  checkIdle(now: number): void {
    const idle = this.#door.limits.idleTimeoutMs;
    if (idle === 0 || this.session.gone || !this.session.registered || this.encoder !== this.#door.codecs.json) return;
    const silent = now - this.lastInputAt;
    if (silent >= 2 * idle && this.#pinged) this.#cutOff('idle');
    else if (silent >= idle && !this.#pinged) {
      this.#pinged = true;
      this.#door.hub.tell(this.session, { type: 'ping', time: now });
    }
  }

  /** Closes the socket now, queued output or not. */
  destroy(): void {
    this.#socket.destroy();
  }

  // ---- ending --------------------------------------------------------------------------

  #nickTimedOut(): void {
    this.#nickTimer = null;
    if (this.session.registered || this.session.gone) return;
    this.#door.hub.tell(this.session, { type: 'error', code: 'NICK_TIMEOUT' });
    this.#door.hub.leave(this.session, 'nick-timeout');
    this.#door.logger.info({ addr: this.remoteAddress, reason: 'nick-timeout' }, 'cut off');
  }

  /**
   * Cuts the connection off now. The hub hears of it when the socket's `close` event comes, a
   * moment later, not here: this runs inside a broadcast, and leaving from here would start
   * another broadcast inside it, which with many stuck peers at once nests without bound.
   */
  #cutOff(reason: LeaveReason): void {
    this.#door.logger.warn(
      { addr: this.remoteAddress, nick: this.session.nick, reason, queuedBytes: this.sendQueueBytes },
      'cut off',
    );
    this.#door.count.cutOff(reason);
    this.#leaveReason = reason;
    this.#out.close();
    this.#socket.destroy();
  }

  #onClose(): void {
    this.#out.close();
    this.#clearTimer();
    this.#clearNickTimer();
    if (this.#paceTimer !== null) clearTimeout(this.#paceTimer);
    this.#gate?.close();
    this.#door.hub.leave(this.session, this.#leaveReason);
    this.#door.closed(this);
  }

  #clearTimer(): void {
    if (this.#timer !== null) {
      clearTimeout(this.#timer);
      this.#timer = null;
    }
  }

  #clearNickTimer(): void {
    if (this.#nickTimer !== null) {
      clearTimeout(this.#nickTimer);
      this.#nickTimer = null;
    }
  }
}
