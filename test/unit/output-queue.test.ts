import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createConnection, createServer, type Socket } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { FlushScheduler, type Flushable } from '../../src/doors/flush-scheduler.ts';
import { OutputQueue } from '../../src/doors/output-queue.ts';

/** A real loopback socket pair: what the queue writes to, and what a client reads. */
async function socketPair(): Promise<{ server: Socket; client: Socket; close: () => void }> {
  const listener = createServer();
  listener.listen(0, '127.0.0.1');
  await once(listener, 'listening');
  const port = (listener.address() as { port: number }).port;
  const accepted = once(listener, 'connection');
  const client = createConnection({ host: '127.0.0.1', port });
  const [server] = (await accepted) as [Socket];
  return {
    server,
    client,
    close: () => {
      client.destroy();
      server.destroy();
      listener.close();
    },
  };
}

/** Writes the queue to the socket as the doors' connections do, counting the writes. */
class Writer implements Flushable {
  writes = 0;
  queue!: OutputQueue;
  constructor(readonly socket: Socket) {}
  flush(): void {
    this.queue.flushing();
    if (this.queue.empty) return;
    this.writes++;
    this.queue.write();
  }
}

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('OutputQueue and FlushScheduler', () => {
  let pair: Awaited<ReturnType<typeof socketPair>>;
  let received = '';
  before(async () => {
    pair = await socketPair();
    pair.client.setEncoding('utf8').on('data', (d: string) => (received += d));
  });
  after(() => pair.close());

  it('a storm of presence notices, one per turn, shares writes; a message after them keeps its place', async () => {
    received = '';
    const scheduler = new FlushScheduler(() => {}, 50);
    const writer = new Writer(pair.server);
    writer.queue = new OutputQueue(pair.server, writer, scheduler);
    const notices = 300;
    for (let i = 0; i < notices; i++) {
      writer.queue.push(Buffer.from(`u${i} entrou no chat.\n`), 1 << 20, 'soon');
      await nextTurn(); // each arrival in its own turn, as a storm of connections comes in
    }
    writer.queue.push(Buffer.from('u299 >> oi\n'), 1 << 20, 'now');
    const expected = Array.from({ length: notices }, (_, i) => `u${i} entrou no chat.\n`).join('') + 'u299 >> oi\n';
    for (let i = 0; i < 200 && received.length < expected.length; i++) await new Promise((r) => setTimeout(r, 10));
    assert.equal(received, expected, 'every notice, in order, then the message');
    // One write per arrival would be 300; the soon lane writes once per 50 ms at most.
    assert.ok(writer.writes < notices / 10, `${writer.writes} writes for ${notices} notices`);
  });

  it('a message is written at the end of its own turn, with the notices queued before it', async () => {
    received = '';
    const scheduler = new FlushScheduler(() => {}, 60_000); // the soon lane would wait a minute
    const writer = new Writer(pair.server);
    writer.queue = new OutputQueue(pair.server, writer, scheduler);
    writer.queue.push(Buffer.from('ana entrou no chat.\n'), 1 << 20, 'soon');
    writer.queue.push(Buffer.from('ana >> olá\n'), 1 << 20);
    for (let i = 0; i < 200 && !received.includes('olá'); i++) await new Promise((r) => setTimeout(r, 10));
    assert.equal(received, 'ana entrou no chat.\nana >> olá\n');
    assert.equal(writer.writes, 1, 'one write for both');
  });

  it('a write the socket keeps pending is not overwritten by later flushes into the shared scratch', async () => {
    // Peer `slow` stops reading, so its socket keeps a write pending; `fast` keeps being flushed
    // through the shared scratch buffer meanwhile. Both must then read exactly what was queued.
    const slow = await socketPair();
    const fast = await socketPair();
    try {
      slow.client.pause();
      let slowGot = 0;
      const slowChunks: Buffer[] = [];
      slow.client.on('data', (d: Buffer) => {
        slowChunks.push(d);
        slowGot += d.length;
      });
      let fastText = '';
      fast.client.setEncoding('utf8').on('data', (d: string) => (fastText += d));
      const scheduler = new FlushScheduler(() => {}, 50);
      const slowWriter = new Writer(slow.server);
      slowWriter.queue = new OutputQueue(slow.server, slowWriter, scheduler);
      const fastWriter = new Writer(fast.server);
      fastWriter.queue = new OutputQueue(fast.server, fastWriter, scheduler);
      let slowExpected = '';
      let fastExpected = '';
      for (let turn = 0; turn < 600; turn++) {
        for (let k = 0; k < 8; k++) {
          const line = `t${turn}k${k} ${'x'.repeat(2000 + (turn % 50))}\n`;
          slowWriter.queue.push(Buffer.from(`slow ${line}`), 1 << 30);
          slowExpected += `slow ${line}`;
          fastWriter.queue.push(Buffer.from(`fast ${line}`), 1 << 30);
          fastExpected += `fast ${line}`;
        }
        await nextTurn();
      }
      assert.ok(slow.server.writableLength > 0, 'the slow socket was left with a pending write');
      slow.client.resume();
      for (let i = 0; i < 500 && (slowGot < Buffer.byteLength(slowExpected) || fastText.length < fastExpected.length); i++) {
        await new Promise((r) => setTimeout(r, 10));
      }
      assert.equal(Buffer.concat(slowChunks).toString('utf8'), slowExpected, 'the slow peer got its own bytes, intact');
      assert.equal(fastText, fastExpected);
    } finally {
      slow.close();
      fast.close();
    }
  });
});
