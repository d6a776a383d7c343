import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import type { Logger } from 'pino';

/** What the HTTP door serves; each route answers a status, a content type and a body. */
export interface HttpRoutes {
  /** `GET /ws` with `Upgrade: websocket`: the WebSocket door takes the socket. */
  upgrade?(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  /** `/healthz`: the server is up and its parts answer. */
  health(): { ok: boolean; body: unknown };
  /** `/metrics`: Prometheus text. */
  metrics(): Promise<{ contentType: string; body: string }>;
}

/**
 * The HTTP listener (port 8080 by default): `/healthz` and `/metrics` for operators. The
 * browser page and its WebSocket join it later.
 */
export class HttpDoor {
  readonly #server: Server;
  readonly #routes: HttpRoutes;
  readonly #logger: Logger;

  constructor(routes: HttpRoutes, logger: Logger) {
    this.#routes = routes;
    this.#logger = logger;
    this.#server = createServer((req, res) => {
      this.#handle(req, res).catch((err: unknown) => {
        logger.error({ err }, 'http handler failed');
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
        res.end('internal error\n');
      });
    });
    this.#server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
      const path = (req.url ?? '/').split('?')[0];
      if (path === '/ws' && routes.upgrade !== undefined) return routes.upgrade(req, socket, head);
      socket.on('error', () => {});
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
    });
    this.#server.keepAliveTimeout = 5000;
    this.#server.headersTimeout = 10_000;
    this.#server.requestTimeout = 10_000;
  }

  listen(port: number, host: string | undefined): Promise<AddressInfo> {
    return new Promise((resolve, reject) => {
      this.#server.once('error', reject);
      this.#server.listen({ port, host }, () => {
        this.#server.off('error', reject);
        this.#server.on('error', (err) => this.#logger.error({ err, door: 'http' }, 'listener error'));
        resolve(this.#server.address() as AddressInfo);
      });
    });
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      if (!this.#server.listening) return resolve();
      this.#server.close(() => resolve());
      this.#server.closeAllConnections();
    });
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' });
      res.end('method not allowed\n');
      return;
    }
    if (path === '/healthz') {
      const { ok, body } = this.#routes.health();
      res.writeHead(ok ? 200 : 503, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      res.end(JSON.stringify(body) + '\n');
      return;
    }
    if (path === '/metrics') {
      const { contentType, body } = await this.#routes.metrics();
      res.writeHead(200, { 'content-type': contentType, 'cache-control': 'no-store' });
      res.end(body);
      return;
    }
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
    res.end('not found\n');
  }
}
