import { connect, type Socket } from 'node:net';
import { connect as connectTls } from 'node:tls';
import { StringDecoder } from 'node:string_decoder';

/**
 * A raw TCP client, as `nc` would be: sends bytes, and keeps every byte it receives, so tests
 * can wait for lines and check exactly what a user's screen would get.
 */
export class LineClient {
  readonly socket: Socket;
  /** Everything received, decoded. */
  received = '';
  /** Where `nextLine` has read up to in `received`. */
  #cursor = 0;
  closed = false;
  #waiters: Array<() => void> = [];

  private constructor(socket: Socket) {
    this.socket = socket;
    const decoder = new StringDecoder('utf8');
    socket.on('data', (d: Buffer) => {
      this.received += decoder.write(d);
      this.#wake();
    });
    socket.on('close', () => {
      this.closed = true;
      this.#wake();
    });
    socket.on('error', () => {});
  }

  static connect(port: number, host = '127.0.0.1'): Promise<LineClient> {
    return new Promise((resolve, reject) => {
      const socket = connect({ port, host }, () => {
        socket.off('error', reject);
        resolve(new LineClient(socket));
      });
      socket.once('error', reject);
    });
  }

  /** Connects over TLS, trusting `ca` (PEM). */
  static connectTls(port: number, ca: Buffer, host = '127.0.0.1'): Promise<LineClient> {
    return new Promise((resolve, reject) => {
      const socket = connectTls({ port, host, ca }, () => {
        socket.off('error', reject);
        resolve(new LineClient(socket));
      });
      socket.once('error', reject);
    });
  }

  /** Connects, reads the greeting, sends `nick` and waits for the welcome. */
  static async join(port: number, nick: string): Promise<LineClient> {
    const c = await LineClient.connect(port);
    await c.nextLine(/\(papo\/\d+\)$/);
    c.send(nick + '\n');
    await c.nextLine(/^\*\*\* (Olá|Hello), /);
    return c;
  }

  send(data: string | Buffer): void {
    this.socket.write(data);
  }

  /**
   * Waits for a complete line matching `pattern`, skipping the lines before it, and returns it.
   * Fails after `timeoutMs` with what was received.
   */
  async nextLine(pattern: string | RegExp, timeoutMs = 5000): Promise<string> {
    const test = (line: string) => (typeof pattern === 'string' ? line === pattern : pattern.test(line));
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const lf = this.received.indexOf('\n', this.#cursor);
      if (lf !== -1) {
        const line = this.received.slice(this.#cursor, lf).replace(/\r$/, '');
        this.#cursor = lf + 1;
        if (test(line)) return line;
        continue;
      }
      if (Date.now() > deadline || this.closed) {
        throw new Error(`no line matching ${String(pattern)}${this.closed ? ' (connection closed)' : ''}; received:\n${this.received}`);
      }
      await this.#wait(deadline - Date.now());
    }
  }

  /** Waits until the received text satisfies `test` (for output without line ends). */
  async until(test: (received: string) => boolean, what: string, timeoutMs = 5000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!test(this.received)) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; received:\n${this.received}`);
      await this.#wait(deadline - Date.now());
    }
  }

  /** Waits for the server to close the connection. */
  async waitClosed(timeoutMs = 5000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!this.closed) {
      if (Date.now() > deadline) throw new Error(`connection still open; received:\n${this.received}`);
      await this.#wait(deadline - Date.now());
    }
  }

  close(): void {
    this.socket.end();
  }

  destroy(): void {
    this.socket.destroy();
  }

  #wait(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(resolve, Math.max(1, Math.min(ms, 200)));
      this.#waiters.push(() => {
        clearTimeout(t);
        resolve();
      });
    });
  }

  #wake(): void {
    const w = this.#waiters;
    this.#waiters = [];
    for (const f of w) f();
  }
}
