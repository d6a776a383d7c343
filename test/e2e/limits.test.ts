import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { LineClient } from '../helpers/line-client.ts';
import { PapoServer } from '../helpers/server.ts';

describe('papo serve under load', () => {
  let server: PapoServer;
  before(async () => {
    // Flood control off: this suite measures the send queue, not the input rate (flood.test.ts).
    server = await PapoServer.start(['--messages-per-second', '0']);
  });
  after(async () => {
    await server.stop();
  });

  it('cuts off a peer that never reads, while everyone else receives every message', async () => {
    const watcher = await LineClient.join(server.port, 'watcher');
    const slow = await LineClient.join(server.port, 'slow');
    await watcher.nextLine('slow entrou no chat.');
    const sender = await LineClient.join(server.port, 'sender');
    await watcher.nextLine('sender entrou no chat.');
    slow.socket.pause(); // never reads again: the kernel buffers fill, then its send queue

    // 16 MiB in all: more than loopback's socket buffers (a few MiB) and the 1 MiB queue can
    // hide. Sent in a closed loop, a batch at a time as the watcher gets it, so the watcher is
    // a reader that keeps up and the slow client is the only one that does not.
    const count = 16_000;
    const body = 'x'.repeat(1000);
    for (let i = 1; i <= count; i += 500) {
      let batch = '';
      for (let j = i; j < i + 500; j++) batch += `${j} ${body}\n`;
      sender.send(batch);
      await watcher.nextLine(`sender >> ${i + 499} ${body}`, 30_000);
    }
    assert.match(watcher.received, /\nslow saiu do chat\.\n/, 'the slow client was cut off and the others told');
    const got = watcher.received.split('\n').filter((l) => l.startsWith('sender >> '));
    assert.equal(got.length, count, 'the watcher got every message');
    got.forEach((line, i) => assert.ok(line.startsWith(`sender >> ${i + 1} `), `message ${i + 1} in order`));
    await server.waitFor((p) => /"reason":"send-queue"/.test(p.stderr), 'the cut-off to be logged with its reason');
    slow.socket.resume();
    await slow.waitClosed(30_000);
    watcher.destroy();
    sender.destroy();
  });

  it('holds 200 clients at once, and a message reaches all of them', async () => {
    const clients: LineClient[] = [];
    for (let i = 0; i < 200; i++) clients.push(await LineClient.join(server.port, `user${i}`));
    clients[0]!.send('olá, duzentos!\n');
    for (const c of clients.slice(1)) assert.equal(await c.nextLine(/^user0 >>/), 'user0 >> olá, duzentos!');
    assert.doesNotMatch(clients[0]!.received, /user0 >>/);
    for (const c of clients) c.destroy();
  });
});
