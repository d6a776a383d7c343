import type { Socket } from 'node:net';
import type WebSocket from 'ws';
import { parseLine } from '../codecs/line-command.js';
import { decodeWsLine, type WsLine } from '../codecs/ws-codec.js';
import { LINE_PROTOCOL_VERSION, type LeaveReason } from '../core/events.js';
import type { Encoder, Peer } from '../core/peer.js';
import type { Session } from '../core/session.js';
import type { Flushable } from './flush-scheduler.js';
import { FloodGate } from './flood-gate.js';
import { OutputQueue } from './output-queue.js';
import type { WsDoorContext } from './ws-door.js';


/**
 * One WebSocket connection (a browser): `ws` does the handshake, parses incoming frames and
 * answers pings; papo writes its pre-framed events straight to the socket, queued and flushed
 * once per turn with the same bounded send queue as TCP. Its session may be in several rooms.
 */
export class WsConnection implements Peer, Flushable {
  readonly encoder: Encoder;
  readonly session: Session;
  readonly remoteAddress: string;
  readonly openedAt = Date.now();
  lastInputAt = Date.now();
  readonly #ws: WebSocket;
  readonly #door: WsDoorContext;
  readonly #maxLineBytes: number;
  readonly #rate: number;
  readonly #gate: FloodGate<WsLine>;
  readonly #out: OutputQueue;
  #pinged = false;
  #leaveReason: LeaveReason = 'dropped';

  constructor(ws: WebSocket, socket: Socket, address: string, door: WsDoorContext) {
    this.#ws = ws;
    this.#door = door;
    this.#out = new OutputQueue(socket, this, door.scheduler);
    this.remoteAddress = address;
    this.encoder = door.codec;
    this.#maxLineBytes = door.limits.maxLineBytes;
    this.#rate = door.limits.messagesPerSecond;
    this.session = door.hub.open(this, { singleRoom: false });
    this.#gate = new FloodGate<WsLine>(
      this.#rate,
      door.limits.messageBurst,
      (line) => {
        if (!this.session.gone) this.#execute(line.text, line.room);
      },
      () => this.#flooded(),
    );
    socket.setNoDelay(true);
    ws.on('message', (data, isBinary) => this.#onMessage(data, isBinary));
    ws.on('pong', () => this.#heard());
    ws.on('error', (err) => door.logger.debug({ door: 'ws', addr: address, err: err.message }, 'websocket error'));
    ws.on('close', (code) => this.#onClose(code));
    door.hub.tell(this.session, { type: 'hello', protocol: LINE_PROTOCOL_VERSION });
  }

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

  // ---- Flushable -----------------------------------------------------------------------

  flush(): void {
    this.#out.flushing();
    if (this.#out.closed) return;
    if (!this.#out.empty) this.#out.write();
    if (this.#out.ending) this.#ws.close(1000);
  }

  // ---- input ---------------------------------------------------------------------------

  #onMessage(data: WebSocket.RawData, isBinary: boolean): void {
    this.#heard();
    if (this.session.gone) return;
    if (isBinary) {
      this.#door.hub.fail(this.session, 'BAD_MESSAGE', 'binary');
      return;
    }
    const text = Array.isArray(data) ? Buffer.concat(data).toString('utf8') : Buffer.from(data as ArrayBuffer).toString('utf8');
    const line = decodeWsLine(text);
    if (line === null) {
      this.#door.hub.fail(this.session, 'BAD_MESSAGE', text.length > 40 ? text.slice(0, 40) : text);
      return;
    }
    if (Buffer.byteLength(line.text) > this.#maxLineBytes) {
      this.#door.hub.fail(this.session, 'LINE_TOO_LONG', String(this.#maxLineBytes));
      return;
    }
    this.#gate.offer(line);
  }

  #flooded(): void {
    this.#door.hub.fail(this.session, 'FLOOD', String(this.#rate));
    this.#door.logger.warn({ door: 'ws', addr: this.remoteAddress, nick: this.session.nick, reason: 'flood' }, 'cut off');
    this.#door.count.cutOff('flood');
    this.#leaveReason = 'flood';
    this.#door.hub.leave(this.session, 'flood');
  }

  /** Runs a line in the room it names (the session must be in it) or the current one. */
  #execute(text: string, roomName: string | undefined): void {
    const hub = this.#door.hub;
    if (roomName !== undefined && this.session.registered) {
      const room = hub.findRoom(roomName);
      if (room === undefined || !this.session.rooms.has(room)) return hub.fail(this.session, 'NOT_IN_ROOM', roomName);
      this.session.current = room;
    }
    hub.execute(this.session, parseLine(text));
  }

  #heard(): void {
    this.lastInputAt = Date.now();
    this.#pinged = false;
  }

  /** The door's idle sweep: a WebSocket ping after a silence, a cut after another. */
  checkIdle(now: number): void {
    const idle = this.#door.limits.idleTimeoutMs;
    if (idle === 0 || this.#out.closed) return;
    const silent = now - this.lastInputAt;
    if (silent >= 2 * idle && this.#pinged) this.#cutOff('idle');
    else if (silent >= idle && !this.#pinged) {
      this.#pinged = true;
      this.#ws.ping();
    }
  }

  // ---- ending --------------------------------------------------------------------------

  /** Closes the connection now. */
  destroy(): void {
    this.#ws.terminate();
  }

  #cutOff(reason: LeaveReason): void {
    this.#door.logger.warn({ door: 'ws', addr: this.remoteAddress, nick: this.session.nick, reason, queuedBytes: this.sendQueueBytes }, 'cut off');
    this.#door.count.cutOff(reason);
    this.#leaveReason = reason;
    this.#out.close();
    this.#ws.terminate();
  }

  #onClose(code: number): void {
    this.#out.close();
    this.#gate.close();
    this.#door.hub.leave(this.session, this.#leaveReason);
    this.#door.closed(this, code);
  }
}
