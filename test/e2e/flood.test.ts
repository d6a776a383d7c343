import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LineClient } from '../helpers/line-client.ts';
import { residentBytes } from '../helpers/proc-stats.ts';
import { PapoServer } from '../helpers/server.ts';

describe('flood control and connection limits', () => {
  it('delays lines past the burst instead of dropping them: a pasted block arrives whole and in order', async () => {
    const s = await PapoServer.start(['--messages-per-second', '20', '--message-burst', '10']);
    const ana = await LineClient.join(s.port, 'ana');
    const bob = await LineClient.join(s.port, 'bob');
    let block = '';
    for (let i = 1; i <= 40; i++) block += `linha ${i}\n`;
    bob.send(block);
    for (let i = 1; i <= 40; i++) assert.equal(await ana.nextLine(/^bob >>/), `bob >> linha ${i}`);
    bob.send('ainda aqui\n');
    assert.equal(await ana.nextLine(/^bob >>/), 'bob >> ainda aqui');
    assert.doesNotMatch(bob.received, /Mensagens demais/);
    ana.destroy();
    bob.destroy();
    await s.stop();
  });

  it('cuts off a client that keeps flooding, with a reason, while the others chat on', async () => {
    const s = await PapoServer.start(); // the defaults: 5 a second, burst 10
    const ana = await LineClient.join(s.port, 'ana');
    const bia = await LineClient.join(s.port, 'bia');
    const flood = await LineClient.join(s.port, 'flood');
    await ana.nextLine('flood entrou no chat.');
    const line = 'spam '.repeat(20) + '\n';
    for (let i = 0; i < 100; i++) flood.send(line.repeat(1000)); // 100,000 lines
    assert.equal(
      await flood.nextLine(/^\*\*\*/, 15_000),
      '*** Mensagens demais, rápido demais (máximo 5 por segundo): conexão encerrada.',
    );
    await flood.waitClosed(15_000);
    assert.equal(await ana.nextLine(/flood saiu/), 'flood saiu do chat.');
    const spam = ana.received.split('\n').filter((l) => l.startsWith('flood >>')).length;
    assert.ok(spam <= 10, `at most the burst got through (${spam})`);
    bia.send('tudo calmo?\n');
    assert.equal(await ana.nextLine(/^bia >>/), 'bia >> tudo calmo?');
    ana.send('sim\n');
    assert.equal(await bia.nextLine(/^ana >>/), 'ana >> sim');
    await s.waitFor((p) => /"reason":"flood"/.test(p.stderr), 'the cut-off to be logged');
    assert.ok(residentBytes(s.pid) < 300 * 1024 * 1024, 'resident memory stayed bounded through 100,000 lines');
    ana.destroy();
    bia.destroy();
    await s.stop();
  });

  it('refuses a connection past the per-address limit with one line; the others notice nothing', async () => {
    const s = await PapoServer.start(['--limit-exempt', 'none', '--max-connections-per-address', '3']);
    const a = await LineClient.join(s.port, 'a1');
    const b = await LineClient.join(s.port, 'a2');
    const c = await LineClient.connect(s.port);
    const extra = await LineClient.connect(s.port);
    assert.equal(await extra.nextLine(/./), '*** Conexões demais a partir do seu endereço (máximo 3); feche alguma e tente de novo.');
    await extra.waitClosed();
    b.send('continuamos\n');
    assert.equal(await a.nextLine(/^a2 >>/), 'a2 >> continuamos');
    assert.equal(a.received.match(/entrou no chat/g)!.length, 1, 'a1 saw a2 arrive, and nothing of the refused one');
    c.destroy();
    await new Promise((r) => setTimeout(r, 200));
    const again = await LineClient.connect(s.port); // a slot is free again
    assert.match(await again.nextLine(/./), /papo\/1/);
    for (const x of [a, b, again]) x.destroy();
    await s.stop();
  });

  it('does not count loopback per address by default, and refuses past --max-connections', async () => {
    const s = await PapoServer.start(['--max-connections-per-address', '1', '--max-connections', '4']);
    const open: LineClient[] = [];
    for (let i = 0; i < 4; i++) {
      const c = await LineClient.connect(s.port);
      assert.match(await c.nextLine(/./), /papo\/1/, 'loopback is exempt from the per-address limit');
      open.push(c);
    }
    const fifth = await LineClient.connect(s.port);
    assert.equal(await fifth.nextLine(/./), '*** O servidor está cheio (4 conexões); tente de novo mais tarde.');
    await fifth.waitClosed();
    for (const c of open) c.destroy();
    await s.stop();
  });
});
