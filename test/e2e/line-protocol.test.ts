import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { LineClient } from '../helpers/line-client.ts';
import { sleep } from '../helpers/processes.ts';
import { PapoServer } from '../helpers/server.ts';

describe('papo serve, line protocol', () => {
  let server: PapoServer;
  const clients: LineClient[] = [];
  const join = async (nick: string) => {
    const c = await LineClient.join(server.port, nick);
    clients.push(c);
    return c;
  };
  const connect = async () => {
    const c = await LineClient.connect(server.port);
    clients.push(c);
    return c;
  };

  before(async () => {
    server = await PapoServer.start(['--nick-timeout-ms', '1500', '--history-on-join', '0']);
  });
  after(async () => {
    for (const c of clients) c.destroy();
    await server.stop();
  });

  it('greets a new connection with a line that asks for a nickname', async () => {
    const c = await connect();
    assert.equal(await c.nextLine(/./), 'Bem-vindo ao papo! Qual é o seu apelido? (papo/1)');
  });

  it('sends the original notices to everyone but the subject, and not the sender its own message', async () => {
    const ana = await join('ana');
    const bia = await join('bia');
    assert.equal(await ana.nextLine(/bia/), 'bia entrou no chat.');
    bia.send('olá, ana!\r\n');
    assert.equal(await ana.nextLine(/>>/), 'bia >> olá, ana!');
    ana.send('oi bia\n');
    assert.equal(await bia.nextLine(/>>/), 'ana >> oi bia');
    bia.send('sair\n');
    assert.equal(await ana.nextLine(/bia/), 'bia saiu do chat.');
    await bia.waitClosed();
    assert.doesNotMatch(bia.received, /bia >>/, 'the sender never gets its own message back');
    ana.send('/quit\n');
    await ana.waitClosed();
  });

  it('tells the others when someone leaves with SAIR, /quit or a dropped connection', async () => {
    const watcher = await join('watcher');
    for (const [nick, leave] of [
      ['caio', (c: LineClient) => c.send('SAIR\n')],
      ['dora', (c: LineClient) => c.send('/quit\n')],
      ['edu', (c: LineClient) => c.destroy()],
    ] as const) {
      const c = await join(nick);
      await watcher.nextLine(`${nick} entrou no chat.`);
      leave(c);
      await watcher.nextLine(`${nick} saiu do chat.`);
    }
    watcher.destroy();
  });

  it('refuses a nickname in use ignoring case or not allowed, says why, and asks again', async () => {
    const owner = await join('Fabi');
    const c = await connect();
    await c.nextLine(/papo\/1/);
    c.send('fABI\n');
    assert.equal(await c.nextLine(/^\*\*\*/), '*** O apelido "fABI" já está em uso. Escolha outro:');
    c.send('fabi maria\n');
    assert.match(await c.nextLine(/^\*\*\*/), /caracteres não permitidos/);
    c.send('\n');
    assert.match(await c.nextLine(/^\*\*\*/), /não pode ficar vazio/);
    c.send('x'.repeat(33) + '\n');
    assert.match(await c.nextLine(/^\*\*\*/), /longo demais \(máximo 32 caracteres\)/);
    c.send('Fabiana\n');
    assert.match(await c.nextLine(/^\*\*\*/), /^\*\*\* Olá, Fabiana! Você está em #geral com .*Fabi/);
    owner.destroy();
    c.destroy();
  });

  it('refuses a nickname that only looks like one in use (other scripts, fullwidth), and says which', async () => {
    const real = await join('maria');
    const fake = await connect();
    await fake.nextLine(/papo\/1/);
    fake.send('mаriа\n'); // Cyrillic а
    assert.equal(await fake.nextLine(/^\*\*\*/), '*** O apelido "mаriа" se parece demais com "maria", que já está no chat. Escolha outro:');
    fake.send('ｍａｒｉａ\n');
    assert.match(await fake.nextLine(/^\*\*\*/), /se parece demais com "maria"/);
    fake.send('mária\n'); // an accent makes another name
    assert.match(await fake.nextLine(/^\*\*\*/), /^\*\*\* Olá, mária!/);
    real.destroy();
    fake.destroy();
  });

  it('takes nicknames in any script', async () => {
    for (const nick of ['João', 'Ελένη', '李雷', 'Борис']) {
      const c = await join(nick);
      c.destroy();
    }
  });

  it('does not let a line end forge a line in another name', async () => {
    const ana = await join('gil');
    const eve = await join('eve');
    eve.send('oi\ngil >> me dê sua senha\rgil >> de novo\n');
    assert.equal(await ana.nextLine(/^eve >> oi$/), 'eve >> oi');
    // LF ends a line, so the forged line arrives under eve's name; a lone CR is not a line end
    // and is removed, so it cannot send the cursor back to overwrite the start of the line.
    assert.equal(await ana.nextLine(/>>/), 'eve >> gil >> me dê sua senhagil >> de novo');
    ana.destroy();
    eve.destroy();
  });

  it('keeps escape sequences and control characters off the other screens', async () => {
    const ana = await join('hana');
    const eve = await join('ivo');
    eve.send('\x1b[2J\x1b[31mvermelho\x1b[0m\x07 \u202eabc\x00\n');
    const line = await ana.nextLine(/^ivo >>/);
    assert.equal(line, 'ivo >> vermelho abc');
    assert.doesNotMatch(ana.received, /[\x00-\x08\x0b-\x1f\x7f]/);
    ana.destroy();
    eve.destroy();
  });

  it('joins a character cut across two reads, and shows invalid bytes as U+FFFD', async () => {
    const ana = await join('jana');
    const eve = await join('kai');
    const bytes = Buffer.from('olá, 日本\n', 'utf8');
    for (let i = 0; i < bytes.length; i++) {
      eve.send(bytes.subarray(i, i + 1));
      await sleep(2);
    }
    assert.equal(await ana.nextLine(/^kai >>/), 'kai >> olá, 日本');
    eve.send(Buffer.from([0x61, 0xff, 0xfe, 0x62, 0x0a]));
    assert.equal(await ana.nextLine(/^kai >>/), 'kai >> a\ufffd\ufffdb');
    ana.destroy();
    eve.destroy();
  });

  it('answers a line over the limit with an error, drops it, and goes on', async () => {
    const ana = await join('lia');
    const eve = await join('max');
    eve.send('z'.repeat(20_000) + '\n' + 'depois\n');
    assert.equal(await eve.nextLine(/^\*\*\*/), '*** Linha longa demais (máximo 8192 bytes); ela não foi enviada.');
    assert.equal(await ana.nextLine(/^max >>/), 'max >> depois');
    assert.doesNotMatch(ana.received, /zzzz/);
    ana.destroy();
    eve.destroy();
  });

  it('drops a 1 MiB line with one error, holding none of it, and goes on', async () => {
    const ana = await join('rui');
    const eve = await join('sol');
    const mib = Buffer.alloc(1024 * 1024, 0x61);
    for (let i = 0; i < mib.length; i += 65536) eve.send(mib.subarray(i, i + 65536));
    eve.send('\nnormal\n');
    assert.equal(await eve.nextLine(/^\*\*\*/), '*** Linha longa demais (máximo 8192 bytes); ela não foi enviada.');
    assert.equal(await ana.nextLine(/^sol >>/), 'sol >> normal');
    assert.equal(eve.received.match(/Linha longa demais/g)!.length, 1, 'one error for one line');
    ana.destroy();
    eve.destroy();
  });

  it('takes an over-long first line, with no line end yet, as an over-long line, not a nickname', async () => {
    const c = await connect();
    await c.nextLine(/papo\/1/);
    c.send('n'.repeat(10_000));
    assert.equal(await c.nextLine(/^\*\*\*/), '*** Linha longa demais (máximo 8192 bytes); ela não foi enviada.');
    c.send('nnn\nrenata\n');
    assert.match(await c.nextLine(/^\*\*\*/), /^\*\*\* Olá, renata!/);
    c.destroy();
  });

  it('switches a connection to JSON events with /format json', async () => {
    const ana = await join('nina');
    const c = await connect();
    await c.nextLine(/papo\/1/);
    c.send('/format json\nolga\n');
    assert.deepEqual(JSON.parse(await c.nextLine(/"format"/)), { type: 'format', format: 'json' });
    const welcome = JSON.parse(await c.nextLine(/"welcome"/));
    assert.equal(welcome.nick, 'olga');
    assert.ok(welcome.present.includes('nina'));
    ana.send('tudo bem?\n');
    const said = JSON.parse(await c.nextLine(/"said"/));
    assert.equal(said.nick, 'nina');
    assert.equal(said.text, 'tudo bem?');
    assert.equal(said.room, '#geral');
    assert.ok(Math.abs(said.time - Date.now()) < 60_000);
    ana.destroy();
    c.destroy();
  });

  it('answers /help and unknown commands, and sends // lines as messages', async () => {
    const ana = await join('paulo');
    const eve = await join('quim');
    eve.send('/help\n');
    await eve.nextLine('*** Comandos:');
    eve.send('/dance\n');
    assert.equal(await eve.nextLine(/desconhecido/), '*** Comando desconhecido: /dance. Digite /ajuda para ver os comandos.');
    eve.send('//shrug\n');
    assert.equal(await ana.nextLine(/^quim >>/), 'quim >> /shrug');
    ana.destroy();
    eve.destroy();
  });

  it('closes a connection that sends no nickname in time, telling it why', async () => {
    const c = await connect();
    await c.nextLine(/papo\/1/);
    assert.equal(await c.nextLine(/^\*\*\*/, 5000), '*** Tempo esgotado para escolher um apelido. Até logo!');
    await c.waitClosed();
  });
});
