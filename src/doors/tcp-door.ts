import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { LineConnection } from './line-connection.js';
import type { LineDoorContext } from './line-door-context.js';
import { plainAddress, type AddressCounter } from './address-limit.js';

/** Settings of the line-protocol listener beyond the shared connection context. */
export interface TcpDoorOptions extends Omit<LineDoorContext, 'closed'> {
  /** Connections in all; past it a new one gets one line and is closed. 0: no limit. */
  readonly maxConnections: number;
  /** Connections from one address (not counting exempt ones); 0: no limit. */
  readonly maxConnectionsPerAddress: number;
  /** Which addresses are not counted per address. */
  readonly perAddress: AddressCounter;
}

/**
 * The line protocol's TCP listener (port 8888 by default): the original client, `nc`, telnet
 * and papo's client all come in here.
 */
export class TcpDoor {
  readonly #server: Server;
  readonly #context: LineDoorContext;
  readonly #options: TcpDoorOptions;
  readonly connections = new Set<LineConnection>();

  constructor(options: TcpDoorOptions) {
    this.#options = options;
    this.#context = {
      ...options,
      closed: (connection) => {
        this.connections.delete(connection);
        options.perAddress.remove(plainAddress(connection.remoteAddress));
        options.logger.info(
          {
            door: 'tcp',
            addr: connection.remoteAddress,
            nick: connection.session.nick,
            reason: connection.session.leftBecause ?? 'dropped',
            durationMs: Date.now() - connection.openedAt,
          },
          'connection closed',
        );
      },
    };
    this.#server = createServer((socket) => this.#accept(socket));
  }

  /** Starts listening; rejects with the listen error (EADDRINUSE and friends). */
  listen(port: number, host: string | undefined): Promise<AddressInfo> {
    return new Promise((resolve, reject) => {
      const onError = (err: Error): void => reject(err);
      this.#server.once('error', onError);
      this.#server.listen({ port, host }, () => {
        this.#server.off('error', onError);
        this.#server.on('error', (err) => this.#context.logger.error({ err }, 'tcp listener error'));
        resolve(this.#server.address() as AddressInfo);
      });
    });
  }

  /** Stops accepting; existing connections stay. */
  stopAccepting(): Promise<void> {
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
    const o = this.#options;
    const address = plainAddress(socket.remoteAddress ?? '?');
    if (o.maxConnections > 0 && this.connections.size >= o.maxConnections) {
      return this.#refuse(socket, address, 'SERVER_FULL', o.maxConnections);
    }
    if (o.maxConnectionsPerAddress > 0 && o.perAddress.count(address) >= o.maxConnectionsPerAddress) {
      return this.#refuse(socket, address, 'TOO_MANY_CONNECTIONS', o.maxConnectionsPerAddress);
    }
    o.perAddress.add(address);
    const connection = new LineConnection(socket, this.#context);
    this.connections.add(connection);
    this.#context.logger.info({ door: 'tcp', addr: connection.remoteAddress }, 'connection opened');
  }

  /** One clear line, then close: the people already connected notice nothing. */
  #refuse(socket: Socket, address: string, code: 'SERVER_FULL' | 'TOO_MANY_CONNECTIONS', limit: number): void {
    this.#context.logger.warn({ door: 'tcp', addr: address, reason: code }, 'connection refused');
    this.#context.count.cutOff(code === 'SERVER_FULL' ? 'server-full' : 'too-many-from-address');
    socket.on('error', () => {});
    socket.end(this.#context.codecs.text.encode({ type: 'error', code, subject: String(limit) }));
    setTimeout(() => socket.destroy(), 2000).unref();
  }
}
