import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { LineClient } from '../helpers/line-client.ts';
import { OriginalClient, OriginalServer } from '../helpers/original.ts';
import { CLI } from '../helpers/paths.ts';
import { Proc, sleep } from '../helpers/processes.ts';
import { PapoServer, freePort } from '../helpers/server.ts';

/** `papo join` fed by a script on stdin, as `printf ... | papo join` would be. */
function papoJoin(port: number, nick: string): Proc {
  return new Proc(process.execPath, [CLI, 'join', `127.0.0.1:${port}`, '--nick', nick], {
    env: { ...process.env, LANG: 'C.UTF-8' },
  });
}

describe('the original Python client on papo', () => {
  let server: PapoServer;
  before(async () => {
    server = await PapoServer.start();
  });
  after(async () => {
    await server.stop();
  });

  it('chats with a raw TCP client and with papo join, unchanged', async () => {
    const bob = await LineClient.join(server.port, 'bob');
    const ana = OriginalClient.start(server.port);
    await ana.waitForOutput('Informe seu nome');
    await ana.type('ana');
    assert.equal(await bob.nextLine(/ana/), 'ana entrou no chat.');

    bob.send('oi ana, tudo bem?\n');
    await ana.waitForOutput('bob >> oi ana, tudo bem?');
    await ana.type('tudo ótimo, bob 😀');
    assert.equal(await bob.nextLine(/^ana >>/), 'ana >> tudo ótimo, bob 😀');

    const carla = papoJoin(server.port, 'carla');
    await ana.waitForOutput('carla entrou no chat.');
    carla.write('olá ana, aqui é o papo join\n');
    await ana.waitForOutput('carla >> olá ana, aqui é o papo join');
    await ana.type('oi carla');
    await carla.waitForOutput('ana >> oi carla');

    await ana.type('Sair');
    assert.equal(await bob.nextLine(/ana saiu/), 'ana saiu do chat.');
    const exit = await ana.exited;
    assert.equal(exit.code, 0);
    // What the original client showed is what the original server would have sent it.
    assert.doesNotMatch(ana.stdout, /\x1b/);

    carla.endInput();
    assert.equal((await carla.exited).code, 0);
    assert.equal(await bob.nextLine(/carla saiu/), 'carla saiu do chat.');
    bob.destroy();
  });

  it('gives the original client a free variant of a taken nickname, and tells it', async () => {
    const bob = await LineClient.join(server.port, 'duda');
    const other = OriginalClient.start(server.port);
    await other.waitForOutput('Informe seu nome');
    await other.type('Duda');
    assert.equal(await bob.nextLine(/entrou/), 'Duda2 entrou no chat.');
    await other.waitForOutput('O apelido "Duda" não estava disponível; você entrou como Duda2.');
    bob.send('bem-vinda\n');
    await other.waitForOutput('duda >> bem-vinda');
    await other.type('sair');
    await other.exited;
    bob.destroy();
  });

  it('sends the original client unterminated output, notices of one turn joined by line ends', async () => {
    const bob = await LineClient.join(server.port, 'beto');
    const raw = await LineClient.connect(server.port);
    await raw.nextLine(/papo\/1/);
    raw.send('rui');
    assert.equal(await bob.nextLine(/rui/), 'rui entrou no chat.');
    const before = raw.received.length;
    bob.send('um\ndois\n');
    await raw.until((r) => r.slice(before).includes('dois'), 'both messages');
    await sleep(100);
    assert.equal(raw.received.slice(before), 'beto >> um\nbeto >> dois');
    raw.destroy();
    bob.destroy();
  });

  it('splits a read of the original client at line ends, so it cannot forge a line', async () => {
    const bob = await LineClient.join(server.port, 'bel');
    const raw = await LineClient.connect(server.port);
    raw.send('tito');
    assert.equal(await bob.nextLine(/tito/), 'tito entrou no chat.');
    raw.send('oi\r\nbel >> minha senha é 123');
    assert.equal(await bob.nextLine(/^tito >>/), 'tito >> oi');
    assert.equal(await bob.nextLine(/^tito >>/), 'tito >> bel >> minha senha é 123');
    raw.send('SAIR');
    assert.equal(await bob.nextLine(/tito saiu/), 'tito saiu do chat.');
    await raw.waitClosed();
    bob.destroy();
  });
});

describe('papo join on the original Python server', () => {
  let server: OriginalServer;
  let port: number;
  before(async () => {
    port = await freePort();
    server = await OriginalServer.start(port);
  });
  after(async () => {
    server.kill('SIGKILL');
    await server.exited;
  });

  it('speaks the original protocol: bare nickname, bare messages, sair to leave', async () => {
    const ana = OriginalClient.start(port);
    await ana.waitForOutput('Informe seu nome');
    await ana.type('ana');

    const carla = papoJoin(port, 'carla');
    await carla.waitFor((p) => p.stderr.includes('servidor original'), 'papo join to see the original server');
    await ana.waitForOutput('carla entrou no chat.');
    carla.write('olá ana\n');
    await ana.waitForOutput('carla >> olá ana');
    await ana.type('oi carla, bem-vinda ao servidor antigo');
    await carla.waitForOutput('ana >> oi carla, bem-vinda ao servidor antigo');

    carla.endInput();
    assert.equal((await carla.exited).code, 0);
    // papo join said sair before closing, so the original server saw it leave (and did not
    // spin relaying empty messages, as it does when a client just closes).
    await ana.waitForOutput('carla saiu do chat.');
    await sleep(300);
    assert.doesNotMatch(ana.stdout, /carla >> \n/);
    await ana.type('sair');
    await ana.exited;
  });
});
