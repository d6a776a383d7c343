import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type { Logger } from 'pino';
import { WebSocketServer } from 'ws';
import type { Hub } from '../core/hub.js';
import type { Encoder } from '../core/peer.js';
import { plainAddress, type AddressCounter } from './address-limit.js';
import type { FlushScheduler } from './flush-scheduler.js';
import type { Limits } from './limits.js';
import type { DoorCounters } from './line-door-context.js';
import { WsConnection } from './ws-connection.js';

/** What every WebSocket connection shares. */
export interface WsDoorContext {
  readonly hub: Hub;
  readonly codec: Encoder;
  readonly scheduler: FlushScheduler;
  readonly logger: Logger;
  readonly count: DoorCounters;
  readonly limits: Limits;
  closed(connection: WsConnection, code: number): void;
}

export interface WsDoorOptions extends Omit<WsDoorContext, 'closed'> {
  readonly perAddress: AddressCounter;
  /**
   * Which pages may open a WebSocket: `same` (the Origin's host is the Host the request came
   * to), `*` (any), or a list of origins (`https://chat.escola.br`). Clients that send no
   * Origin (not a browser) are let in.
   */
  readonly allowedOrigins: string;
}

/** Bytes a client frame may have beyond the line it carries (the JSON around it). */
const FRAME_OVERHEAD_BYTES = 4096;

/**
 * The WebSocket door, on the HTTP listener at `/ws`: JSON events out (one pre-made frame per
 * event, shared by every recipient), `{"type":"line","text":...,"room":...}` in.
 */
export class WsDoor {
  readonly name = 'ws';
  readonly connections = new Set<WsConnection>();
  readonly #options: WsDoorOptions;
  readonly #context: WsDoorContext;
  readonly #wss: WebSocketServer;
  readonly #sweep: NodeJS.Timeout;

  constructor(options: WsDoorOptions) {
    this.#options = options;
    this.#context = {
      ...options,
      closed: (connection, code) => {
        this.connections.delete(connection);
        options.perAddress.remove(connection.remoteAddress);
        options.logger.info(
          {
            door: 'ws',
            addr: connection.remoteAddress,
            nick: connection.session.nick,
            reason: connection.session.leftBecause ?? 'dropped',
            code,
            durationMs: Date.now() - connection.openedAt,
          },
          'connection closed',
        );
      },
    };
    this.#wss = new WebSocketServer({
      noServer: true,
      maxPayload: options.limits.maxLineBytes + FRAME_OVERHEAD_BYTES,
      perMessageDeflate: false, // frames are made once and written as they are
      clientTracking: false,
    });
    this.#sweep = setInterval(() => {
      const now = Date.now();
      for (const c of this.connections) c.checkIdle(now);
    }, 1000);
    this.#sweep.unref();
  }

  /** Takes an HTTP upgrade request for `/ws`: origin and connection limits, then the handshake. */
  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const o = this.#options;
    const address = plainAddress(req.socket.remoteAddress ?? '?');
    socket.on('error', () => {});
    if (!this.#originAllowed(req)) {
      o.logger.warn({ door: 'ws', addr: address, origin: req.headers.origin }, 'origin refused');
      return refuse(socket, 403, 'Forbidden', 'origin not allowed');
    }
    const limits = o.limits;
    if (limits.maxConnections > 0 && o.perAddress.total >= limits.maxConnections) {
      o.count.cutOff('server-full');
      return refuse(socket, 503, 'Service Unavailable', 'server full');
    }
    if (limits.maxConnectionsPerAddress > 0 && o.perAddress.count(address) >= limits.maxConnectionsPerAddress && !o.perAddress.isExempt(address)) {
      o.count.cutOff('too-many-from-address');
      return refuse(socket, 429, 'Too Many Requests', 'too many connections from your address');
    }
    this.#wss.handleUpgrade(req, socket, head, (ws) => {
      o.perAddress.add(address);
      const connection = new WsConnection(ws, socket as Socket, address, this.#context);
      this.connections.add(connection);
      o.logger.info({ door: 'ws', addr: address }, 'connection opened');
    });
  }

  /** Waits until every connection has closed or `timeoutMs` has passed, then ends the rest. */
  async drain(timeoutMs: number): Promise<void> {
    clearInterval(this.#sweep);
    const deadline = Date.now() + timeoutMs;
    while (this.connections.size > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    for (const c of this.connections) c.destroy();
  }

  #originAllowed(req: IncomingMessage): boolean {
    const origin = req.headers.origin;
    const allowed = this.#options.allowedOrigins;
    if (origin === undefined || allowed === '*') return true;
    if (allowed === 'same') {
      try {
        return new URL(origin).host === req.headers.host;
      } catch {
        return false;
      }
    }
    return allowed.split(',').map((s) => s.trim()).includes(origin);
  }
}

function refuse(socket: Duplex, status: number, reason: string, body: string): void {
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: ${body.length + 1}\r\n\r\n${body}\n`);
}
