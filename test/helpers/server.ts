import { createServer } from 'node:net';
import { CLI } from './paths.ts';
import { Proc } from './processes.ts';

/** A `papo serve` process on 127.0.0.1 and a free port. */
export class PapoServer extends Proc {
  port = 0;
  /** The TLS listener's port, when one was asked for. */
  tlsPort = 0;
  /** The HTTP listener's port (`/healthz`, `/metrics`). */
  httpPort = 0;

  /**
   * Starts `papo serve` with `args` (after the loopback host, port 0, HTTP off and an in-memory
   * history, which `args` may override) and waits for it to listen.
   */
  static async start(args: readonly string[] = [], env: NodeJS.ProcessEnv = {}): Promise<PapoServer> {
    const server = new PapoServer(process.execPath, [CLI, 'serve', '--host', '127.0.0.1', '--port', '0', '--http-port', '0', '--log-level', 'warn', '--db', ':memory:', ...args], {
      env: { ...process.env, LANG: 'C.UTF-8', ...env },
    });
    await server.waitForOutput(/listening on \S+:\d+/);
    server.port = Number(/line protocol listening on \S+:(\d+)/.exec(server.stdout)![1]);
    const httpFlag = args.lastIndexOf('--http-port');
    if (httpFlag !== -1 && args[httpFlag + 1] !== '0') {
      await server.waitForOutput(/HTTP listening on \S+:\d+/);
      server.httpPort = Number(/HTTP listening on \S+:(\d+)/.exec(server.stdout)![1]);
    }
    if (args.includes('--tls-cert')) {
      await server.waitForOutput(/TLS line protocol listening on \S+:\d+/);
      server.tlsPort = Number(/TLS line protocol listening on \S+:(\d+)/.exec(server.stdout)![1]);
    }
    return server;
  }

  /** SIGTERM, then the exit status. */
  async stop(): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    this.kill('SIGTERM');
    return this.exited;
  }
}

/** A TCP port that was free a moment ago on 127.0.0.1 (for servers that cannot pick their own). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}
