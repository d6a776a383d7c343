import WebSocket from 'ws';

/** A WebSocket client, as the browser page is: JSON events in, `{"type":"line"}` frames out. */
export class WsClient {
  readonly ws: WebSocket;
  readonly events: Array<Record<string, unknown>> = [];
  closed: { code: number } | null = null;
  #cursor = 0;
  #waiters: Array<() => void> = [];

  private constructor(ws: WebSocket) {
    this.ws = ws;
    ws.on('message', (data) => {
      this.events.push(JSON.parse(data.toString()) as Record<string, unknown>);
      this.#wake();
    });
    ws.on('close', (code) => {
      this.closed = { code };
      this.#wake();
    });
    ws.on('error', () => {});
  }

  static connect(port: number, headers: Record<string, string> = {}): Promise<WsClient> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(`ws://127.0.0.1:${port}/ws`, { headers });
      ws.once('open', () => resolve(new WsClient(ws)));
      ws.once('error', reject);
      ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    });
  }

  /** Connects and registers `nick`; resolves after the welcome. */
  static async join(port: number, nick: string): Promise<WsClient> {
    const c = await WsClient.connect(port);
    await c.next((e) => e['type'] === 'hello');
    c.line(nick);
    await c.next((e) => e['type'] === 'welcome');
    return c;
  }

  line(text: string, room?: string): void {
    this.ws.send(JSON.stringify(room === undefined ? { type: 'line', text } : { type: 'line', text, room }));
  }

  /** The next event (after those already taken) that `test` accepts. */
  async next(test: (e: Record<string, unknown>) => boolean, timeoutMs = 5000): Promise<Record<string, unknown>> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      while (this.#cursor < this.events.length) {
        const e = this.events[this.#cursor++]!;
        if (test(e)) return e;
      }
      if (Date.now() > deadline || this.closed !== null) {
        throw new Error(`no matching event${this.closed ? ` (closed ${this.closed.code})` : ''}; got ${JSON.stringify(this.events.slice(-5))}`);
      }
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, 100);
        this.#waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  async waitClosed(timeoutMs = 5000): Promise<number> {
    const deadline = Date.now() + timeoutMs;
    while (this.closed === null) {
      if (Date.now() > deadline) throw new Error('still open');
      await new Promise((r) => setTimeout(r, 20));
    }
    return this.closed.code;
  }

  close(): void {
    this.ws.terminate();
  }

  #wake(): void {
    const w = this.#waiters;
    this.#waiters = [];
    for (const f of w) f();
  }
}
