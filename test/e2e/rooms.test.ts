import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { LineClient } from '../helpers/line-client.ts';
import { OriginalClient } from '../helpers/original.ts';
import { sleep } from '../helpers/processes.ts';
import { PapoServer } from '../helpers/server.ts';

describe('rooms, private messages and commands', () => {
  let server: PapoServer;
  const open: LineClient[] = [];
  const join = async (nick: string) => {
    const c = await LineClient.join(server.port, nick);
    open.push(c);
    return c;
  };

  before(async () => {
    server = await PapoServer.start(['--history-on-join', '0']);
  });
  after(async () => {
    for (const c of open) c.destroy();
    await server.stop();
  });

  it('moves a connection between rooms; each room sees the leave and the arrival, and messages stay in their room', async () => {
    const ana = await join('ana');
    const bob = await join('bob');
    const cid = await join('cid');
    await ana.nextLine('cid entrou no chat.');
    bob.send('/join #Redes\n');
    assert.equal(await bob.nextLine(/^\*\*\*/), '*** Você entrou em #Redes, sozinho por enquanto.');
    assert.equal(await ana.nextLine(/bob/), 'bob saiu de #geral.');
    cid.send('/entrar redes\n');
    assert.equal(await cid.nextLine(/^\*\*\*/), '*** Você entrou em #Redes com bob.');
    assert.equal(await bob.nextLine(/cid/), 'cid entrou em #Redes.');
    bob.send('só para #Redes\n');
    assert.equal(await cid.nextLine(/>>/), 'bob >> só para #Redes');
    ana.send('só para #geral\n');
    bob.send('/deixar\n');
    assert.equal(await bob.nextLine(/^\*\*\* Você entrou/), '*** Você entrou em #geral com ana.');
    assert.equal(await ana.nextLine(/bob/), 'bob entrou em #geral.');
    assert.equal(await cid.nextLine(/bob/), 'bob saiu de #Redes.');
    await sleep(100);
    assert.doesNotMatch(bob.received + cid.received, /só para #geral/, 'a #geral message never reached #Redes');
    assert.doesNotMatch(ana.received, /só para #Redes/, 'a #Redes message never reached #geral');
    bob.send('/part\n');
    assert.match(await bob.nextLine(/^\*\*\*/), /Não dá para sair de #geral sem sair do chat/);
    bob.send('/join #geral\n');
    assert.equal(await bob.nextLine(/^\*\*\*/), '*** Você já está em #geral.');
    bob.send('/join #a/b\n');
    assert.equal(await bob.nextLine(/^\*\*\*/), '*** "#a/b" não é um nome de sala: use até 32 letras, algarismos, _ - . (o # é opcional).');
    for (const c of [ana, bob, cid]) c.destroy();
  });

  it('lists rooms with member counts and topics, and who is in a room', async () => {
    const dora = await join('dora');
    const eli = await join('eli');
    const fred = await join('fred');
    eli.send('/join #quimica\n');
    await eli.nextLine(/^\*\*\* Você entrou/);
    eli.send('/tema Tabela periódica\n');
    assert.equal(await eli.nextLine(/^\*\*\* eli mudou/), '*** eli mudou o tema de #quimica para: Tabela periódica');
    dora.send('/salas\n');
    assert.equal(await dora.nextLine(/^\*\*\* Salas/), '*** Salas:');
    assert.equal(await dora.nextLine(/#geral/), '***   #geral (2 pessoas)');
    assert.equal(await dora.nextLine(/#quimica/), '***   #quimica (1 pessoa) — Tabela periódica');
    dora.send('/quem\n');
    assert.equal(await dora.nextLine(/^\*\*\* Em/), '*** Em #geral (2): dora, fred');
    dora.send('/who #quimica\n');
    assert.equal(await dora.nextLine(/^\*\*\* Em/), '*** Em #quimica (1): eli');
    fred.send('/join quimica\n');
    assert.equal(await fred.nextLine(/^\*\*\* Tema/), '*** Tema de #quimica: Tabela periódica');
    fred.send('/topic\n');
    assert.equal(await fred.nextLine(/^\*\*\* Tema/), '*** Tema de #quimica: Tabela periódica');
    fred.send('/topic -\n');
    assert.equal(await eli.nextLine(/apagou/), '*** fred apagou o tema de #quimica.');
    for (const c of [dora, eli, fred]) c.destroy();
  });

  it('delivers a private message only to its recipient, in any room, and confirms it to the sender', async () => {
    const gil = await join('gil');
    const hal = await join('hal');
    const ivo = await join('ivo');
    hal.send('/join #outra\n');
    await hal.nextLine(/^\*\*\* Você entrou/);
    const before = ivo.received.length;
    gil.send('/msg HAL  a senha é  123\n');
    assert.equal(await hal.nextLine(/privado/), '[privado] gil >> a senha é  123');
    assert.equal(await gil.nextLine(/privado/), '[privado para hal] gil >> a senha é  123');
    gil.send('/privado ninguem oi\n');
    assert.equal(await gil.nextLine(/^\*\*\*/), '*** Ninguém com o apelido "ninguem" está no chat.');
    gil.send('/msg hal\n');
    assert.equal(await gil.nextLine(/^\*\*\*/), '*** Falta um argumento para /msg. Digite /ajuda para ver os comandos.');
    gil.send('fim\n');
    await ivo.nextLine('gil >> fim');
    assert.doesNotMatch(ivo.received.slice(before), /senha/, 'a third client never sees a private message');
    for (const c of [gil, hal, ivo]) c.destroy();
  });

  it('shows /me as an action, and renames with /nick under the registration rules', async () => {
    const jo = await join('jo');
    const ka = await join('ka');
    await jo.nextLine('ka entrou no chat.');
    ka.send('/me acena para todos\n');
    assert.equal(await jo.nextLine(/^\*/), '* ka acena para todos');
    ka.send('/nick JO\n');
    assert.equal(await ka.nextLine(/^\*\*\*/), '*** O apelido "JO" já está em uso. Escolha outro:');
    ka.send('/nome kátia\n');
    assert.equal(await jo.nextLine(/agora/), 'ka agora é kátia.');
    assert.equal(await ka.nextLine(/agora/), 'ka agora é kátia.');
    jo.send('/msg kátia oi kátia\n');
    assert.equal(await ka.nextLine(/privado/), '[privado] jo >> oi kátia');
    const other = await join('ka');
    other.destroy();
    ka.send('/nick x y\n');
    assert.match(await ka.nextLine(/^\*\*\*/), /caracteres não permitidos/);
    for (const c of [jo, ka]) c.destroy();
  });

  it('answers an unknown command or a missing argument with a pointer to /help', async () => {
    const lu = await join('lu');
    lu.send('/dançar\n/join\n/history abc\n');
    assert.equal(await lu.nextLine(/^\*\*\*/), '*** Comando desconhecido: /dançar. Digite /ajuda para ver os comandos.');
    assert.equal(await lu.nextLine(/^\*\*\*/), '*** Falta um argumento para /join. Digite /ajuda para ver os comandos.');
    assert.equal(await lu.nextLine(/^\*\*\*/), '*** "abc" não é um número válido.');
    lu.send('/help\n');
    await lu.nextLine(/\/privado APELIDO TEXTO, \/msg/);
    lu.destroy();
  });

  it('speaks English with --lang en', async () => {
    const en = await PapoServer.start(['--lang', 'en']);
    const a = await LineClient.join(en.port, 'ann');
    const b = await LineClient.join(en.port, 'ben');
    b.send('/join #lab\n');
    assert.equal(await b.nextLine(/^\*\*\*/), '*** You are now in #lab, alone for now.');
    assert.equal(await a.nextLine(/ben left/), 'ben left #geral.');
    a.send('/msg ben psst\n/nick anna\n');
    assert.equal(await b.nextLine(/private/), '[private] ann >> psst');
    assert.equal(await a.nextLine(/private/), '[private to ben] ann >> psst');
    assert.equal(await a.nextLine(/now/), 'ann is now anna.');
    a.send('/rooms\n');
    assert.equal(await a.nextLine(/#lab/), '***   #lab (1 person)');
    a.destroy();
    b.destroy();
    await en.stop();
  });

  it('the original client, in #geral, sees exactly the original notices while others use rooms', async () => {
    const mia = await join('mia');
    const orig = OriginalClient.start(server.port);
    await orig.waitForOutput('Informe seu nome');
    await orig.type('nico');
    await mia.nextLine('nico entrou no chat.');
    const noa = await join('noa');
    await orig.waitForOutput('noa entrou no chat.');
    noa.send('/join #fundos\n');
    await noa.nextLine(/^\*\*\* Você entrou/);
    noa.send('ninguém em #geral vê isto\n');
    mia.send('olá nico\n');
    await orig.waitForOutput('mia >> olá nico');
    await orig.type('oi mia');
    assert.equal(await mia.nextLine(/^nico >>/), 'nico >> oi mia');
    assert.doesNotMatch(orig.stdout, /ninguém em #geral/);
    await orig.type('sair');
    assert.equal(await mia.nextLine(/nico saiu/), 'nico saiu do chat.');
    await orig.exited;
    mia.destroy();
    noa.destroy();
  });
});
