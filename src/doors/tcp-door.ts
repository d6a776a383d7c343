import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { createServer as createTlsServer } from 'node:tls';
import { LineConnection } from './line-connection.js';
import type { LineDoorContext } from './line-door-context.js';
import { plainAddress, type AddressCounter } from './address-limit.js';

/** Settings of the line-protocol listener beyond the shared connection context. */
export interface TcpDoorOptions extends Omit<LineDoorContext, 'closed'> {
  /** Connection counts shared by every line-protocol listener (plain and TLS). */
  readonly perAddress: AddressCounter;
  /** Certificate and key (PEM) for a TLS listener; absent for plain TCP. */
  readonly tls?: { readonly cert: Buffer; readonly key: Buffer };
}

/**
 * A line-protocol listener: plain TCP (port 8888 by default), where the original client, `nc`,
 * telnet and papo's client come in, or TLS (8889) with a certificate. Both hand their sockets
 * to the same `LineConnection`.
 */
export class TcpDoor {
  readonly #server: Server;
  readonly #context: LineDoorContext;
  readonly #options: TcpDoorOptions;
  readonly connections = new Set<LineConnection>();
  /** `tcp` or `tls`, for logs. */
  readonly name: string;

  constructor(options: TcpDoorOptions) {
    this.#options = options;
    this.name = options.tls === undefined ? 'tcp' : 'tls';
    this.#context = {
      ...options,
      closed: (connection) => {
        this.connections.delete(connection);
        options.perAddress.remove(plainAddress(connection.remoteAddress));
        options.logger.info(
          {
            door: this.name,
            addr: connection.remoteAddress,
            nick: connection.session.nick,
            reason: connection.session.leftBecause ?? 'dropped',
            durationMs: Date.now() - connection.openedAt,
          },
          'connection closed',
        );
      },
    };
    if (options.tls === undefined) {
      this.#server = createServer((socket) => this.#accept(socket));
    } else {
      this.#server = createTlsServer({ cert: options.tls.cert, key: options.tls.key }, (socket) => this.#accept(socket));
      // A client that fails the handshake (plain text, a scanner) is only a debug line.
      this.#server.on('tlsClientError', (err, socket) => {
        options.logger.debug({ door: 'tls', addr: socket.remoteAddress, err: err.message }, 'handshake failed');
      });
    }
  }

  #idleSweep: NodeJS.Timeout | null = null;

  /** Starts listening; rejects with the listen error (EADDRINUSE and friends). */
  listen(port: number, host: string | undefined): Promise<AddressInfo> {
    return new Promise((resolve, reject) => {
      const onError = (err: Error): void => reject(err);
      this.#server.once('error', onError);
      this.#server.listen({ port, host }, () => {
        this.#server.off('error', onError);
        this.#server.on('error', (err) => this.#context.logger.error({ err, door: this.name }, 'listener error'));
        // One timer for the whole door, not one per connection; it reads the limit each time,
        // so a reload can turn idle checks on or off.
        const idle = this.#context.limits.idleTimeoutMs;
        this.#idleSweep = setInterval(() => {
          if (this.#context.limits.idleTimeoutMs === 0) return;
          const now = Date.now();
          for (const c of this.connections) c.checkIdle(now);
        }, idle > 0 ? Math.min(Math.max(idle / 4, 100), 1000) : 1000);
        this.#idleSweep.unref();
        resolve(this.#server.address() as AddressInfo);
      });
    });
  }

  /** Stops accepting; existing connections stay. */
  stopAccepting(): Promise<void> {
    if (this.#idleSweep !== null) clearInterval(this.#idleSweep);
    return new Promise((resolve) => {
      if (!this.#server.listening) return resolve();
      this.#server.close(() => resolve());
    });
  }

  /** Waits until every connection has closed or `timeoutMs` has passed, then destroys the rest. */
  async drain(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.connections.size > 0 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 20));
    }
    for (const connection of this.connections) connection.destroy();
  }

  #accept(socket: Socket): void {
    const o = this.#options.limits;
    const counter = this.#options.perAddress;
    const address = plainAddress(socket.remoteAddress ?? '?');
    if (o.maxConnections > 0 && counter.total >= o.maxConnections) {
      return this.#refuse(socket, address, 'SERVER_FULL', o.maxConnections);
    }
    if (o.maxConnectionsPerAddress > 0 && counter.count(address) >= o.maxConnectionsPerAddress && !counter.isExempt(address)) {
      return this.#refuse(socket, address, 'TOO_MANY_CONNECTIONS', o.maxConnectionsPerAddress);
    }
    counter.add(address);
    const connection = new LineConnection(socket, this.#context);
    this.connections.add(connection);
    this.#context.logger.info({ door: this.name, addr: connection.remoteAddress }, 'connection opened');
  }

  /** One clear line, then close: the people already connected notice nothing. */
  #refuse(socket: Socket, address: string, code: 'SERVER_FULL' | 'TOO_MANY_CONNECTIONS', limit: number): void {
    this.#context.logger.warn({ door: this.name, addr: address, reason: code }, 'connection refused');
    this.#context.count.cutOff(code === 'SERVER_FULL' ? 'server-full' : 'too-many-from-address');
    socket.on('error', () => {});
    socket.end(this.#context.codecs.text.encode({ type: 'error', code, subject: String(limit) }));
    setTimeout(() => socket.destroy(), 2000).unref();
  }
}
