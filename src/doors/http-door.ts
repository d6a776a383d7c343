import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { extname, join } from 'node:path';
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

/** A file of the browser page, loaded once at start. */
interface PageFile {
  readonly body: Buffer;
  readonly type: string;
  readonly immutable: boolean;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
};

/**
 * The page's Content-Security-Policy: its own scripts, styles and WebSocket only; nothing
 * inline, nothing from elsewhere, no framing.
 */
export const PAGE_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
  "base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/**
 * Loads the built page (`index.html` and `assets/`) into memory: only these files are served,
 * so no request path can reach anything else on disk. An empty map when it was not built.
 */
export function loadPage(dir: string): Map<string, PageFile> {
  const files = new Map<string, PageFile>();
  const add = (urlPath: string, file: string, immutable: boolean) => {
    files.set(urlPath, { body: readFileSync(file), type: TYPES[extname(file)] ?? 'application/octet-stream', immutable });
  };
  if (!existsSync(join(dir, 'index.html'))) return files;
  add('/', join(dir, 'index.html'), false);
  const assets = join(dir, 'assets');
  if (existsSync(assets)) for (const name of readdirSync(assets)) add(`/assets/${name}`, join(assets, name), true);
  return files;
}

/**
 * The HTTP listener (port 8080 by default): `/healthz` and `/metrics` for operators. The
 * browser page and its WebSocket join it later.
 */
export class HttpDoor {
  readonly #server: Server;
  readonly #routes: HttpRoutes;
  readonly #logger: Logger;

  readonly #page: Map<string, PageFile>;

  constructor(routes: HttpRoutes, logger: Logger, page: Map<string, PageFile> = new Map()) {
    this.#routes = routes;
    this.#page = page;
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
    const file = this.#page.get(path === '/index.html' ? '/' : path);
    if (file !== undefined) {
      res.writeHead(200, {
        'content-type': file.type,
        'content-length': file.body.length,
        'cache-control': file.immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
        'x-content-type-options': 'nosniff',
        'referrer-policy': 'no-referrer',
        ...(file.type.startsWith('text/html') ? { 'content-security-policy': PAGE_CSP } : {}),
      });
      res.end(req.method === 'HEAD' ? undefined : file.body);
      return;
    }
    if (path === '/' && this.#page.size === 0) {
      res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('the chat page was not built: run npm run build\n');
      return;
    }
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
    res.end('not found\n');
  }
}
