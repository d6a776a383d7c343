import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import WebSocket from 'ws';
import { LineClient } from '../helpers/line-client.ts';
import { PapoServer, freePort } from '../helpers/server.ts';
import { WsClient } from '../helpers/ws-client.ts';

describe('WebSocket door', () => {
  let server: PapoServer;
  before(async () => {
    server = await PapoServer.start(['--http-port', String(await freePort()), '--history-on-join', '0']);
  });
  after(async () => {
    await server.stop();
  });

  it('a WebSocket user and a TCP user chat both ways in #geral, with JSON events', async () => {
    const web = await WsClient.join(server.httpPort, 'webana');
    const bob = await LineClient.join(server.port, 'bob');
    const joined = await web.next((e) => e['type'] === 'joined');
    assert.deepEqual([joined['nick'], joined['room'], joined['first']], ['bob', '#geral', true]);
    bob.send('oi, navegador\n');
    const said = await web.next((e) => e['type'] === 'said');
    assert.deepEqual([said['nick'], said['text'], said['room']], ['bob', 'oi, navegador', '#geral']);
    assert.equal(typeof said['id'], 'number');
    web.line('oi, terminal');
    assert.equal(await bob.nextLine(/^webana >>/), 'webana >> oi, terminal');
    web.line('/me acena');
    assert.equal(await bob.nextLine(/^\*/), '* webana acena');
    web.close();
    assert.equal(await bob.nextLine(/webana saiu/), 'webana saiu do chat.');
    bob.destroy();
  });

  it('lets a WebSocket session be in several rooms and say to each', async () => {
    const web = await WsClient.join(server.httpPort, 'multi');
    const geral = await LineClient.join(server.port, 'geral1');
    const lab = await LineClient.join(server.port, 'lab1');
    lab.send('/join #lab\n');
    await lab.nextLine(/^\*\*\* Você entrou em #lab/);
    web.line('/join #lab');
    const entered = await web.next((e) => e['type'] === 'entered');
    assert.equal(entered['room'], '#lab');
    web.line('para o lab', '#lab');
    assert.equal(await lab.nextLine(/^multi >>/), 'multi >> para o lab');
    web.line('para o geral', '#geral');
    assert.equal(await geral.nextLine(/^multi >>/), 'multi >> para o geral');
    assert.doesNotMatch(geral.received, /multi saiu/, 'joining #lab did not take it out of #geral');
    web.line('oi', '#nenhuma');
    const err = await web.next((e) => e['type'] === 'error');
    assert.equal(err['code'], 'NOT_IN_ROOM');
    web.close();
    geral.destroy();
    lab.destroy();
  });

  it('answers bad frames with a clear error and goes on; closes on a frame over the limit', async () => {
    const bob = await LineClient.join(server.port, 'bobws');
    const web = await WsClient.join(server.httpPort, 'errante');
    for (const bad of ['{not json', '{"type":"dance"}', '[1,2]', '{"type":"line","text":5}']) {
      web.ws.send(bad);
      const e = await web.next((x) => x['type'] === 'error');
      assert.equal(e['code'], 'BAD_MESSAGE', bad);
    }
    web.ws.send(Buffer.from([1, 2, 3]), { binary: true });
    assert.equal((await web.next((x) => x['type'] === 'error'))['code'], 'BAD_MESSAGE');
    web.line('x'.repeat(9000));
    assert.equal((await web.next((x) => x['type'] === 'error'))['code'], 'LINE_TOO_LONG');
    web.line('ainda aqui');
    assert.equal(await bob.nextLine(/^errante >>/), 'errante >> ainda aqui');
    web.ws.send('y'.repeat(64 * 1024));
    assert.equal(await web.waitClosed(), 1009, 'message too big');
    assert.equal(await bob.nextLine(/errante saiu/), 'errante saiu do chat.');
    bob.send('e a conversa continua\n');
    const other = await WsClient.join(server.httpPort, 'outro');
    bob.send('viu?\n');
    assert.equal((await other.next((x) => x['type'] === 'said'))['text'], 'viu?');
    other.close();
    bob.destroy();
  });

  it('refuses a page from another origin, and lets in the same host and non-browser clients', async () => {
    await assert.rejects(WsClient.connect(server.httpPort, { Origin: 'http://evil.example' }), /HTTP 403/);
    const same = await WsClient.connect(server.httpPort, { Origin: `http://127.0.0.1:${server.httpPort}` });
    await same.next((e) => e['type'] === 'hello');
    same.close();
    const other = await new Promise<number>((resolve) => {
      const ws = new WebSocket(`ws://127.0.0.1:${server.httpPort}/nada`);
      ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      ws.on('error', () => resolve(-1));
    });
    assert.equal(other, 404);
  });

  it('cuts off a WebSocket client that stops reading, while the others get everything', async () => {
    // Flood control off: this measures the send queue, not the input rate.
    const server = await PapoServer.start(['--http-port', String(await freePort()), '--messages-per-second', '0']);
    const watcher = await LineClient.join(server.port, 'olheiro');
    const slow = await WsClient.join(server.httpPort, 'lerdo');
    await watcher.nextLine('lerdo entrou no chat.');
    const sender = await LineClient.join(server.port, 'falador');
    slow.ws.pause();
    const body = 'x'.repeat(1000);
    for (let i = 1; i <= 16_000; i += 500) {
      let batch = '';
      for (let j = i; j < i + 500; j++) batch += `${j} ${body}\n`;
      sender.send(batch);
      await watcher.nextLine(`falador >> ${i + 499} ${body}`, 30_000);
    }
    assert.match(watcher.received, /\nlerdo saiu do chat\.\n/);
    const got = watcher.received.split('\n').filter((l) => l.startsWith('falador >> ')).length;
    assert.equal(got, 16_000);
    await server.waitFor((p) => /"door":"ws".*"reason":"send-queue"/.test(p.stderr), 'the cut-off to be logged');
    slow.close();
    watcher.destroy();
    sender.destroy();
    await server.stop();
  });
});
