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

describe('FlushScheduler', () => {
  it('runs a soon task once after its delay, however often it is asked, then flushes', async () => {
    let runs = 0;
    const flushed: string[] = [];
    const scheduler = new FlushScheduler(() => {}, 500);
    const target: Flushable = { flush: () => flushed.push('flush') };
    const task = () => {
      runs++;
      scheduler.schedule(target);
    };
    for (let i = 0; i < 50; i++) {
      scheduler.soon(task);
      await nextTurn();
    }
    assert.equal(runs, 0, 'not before the delay');
    for (let i = 0; i < 300 && runs === 0; i++) await new Promise((r) => setTimeout(r, 10));
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(runs, 1);
    assert.deepEqual(flushed, ['flush'], "what the task queued was flushed in the task's run");
  });
});

describe('OutputQueue', () => {
  let pair: Awaited<ReturnType<typeof socketPair>>;
  let received = '';
  before(async () => {
    pair = await socketPair();
    pair.client.setEncoding('utf8').on('data', (d: string) => (received += d));
  });
  after(() => pair.close());

  it('writes several queued events as one write, in order', async () => {
    received = '';
    const scheduler = new FlushScheduler();
    const writer = new Writer(pair.server);
    writer.queue = new OutputQueue(pair.server, writer, scheduler);
    writer.queue.push(Buffer.from('ana entrou no chat.\n'), 1 << 20);
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
