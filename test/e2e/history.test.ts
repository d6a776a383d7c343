import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { LineClient } from '../helpers/line-client.ts';
import { CLI } from '../helpers/paths.ts';
import { Proc } from '../helpers/processes.ts';
import { PapoServer } from '../helpers/server.ts';

/** A fresh database path in a temporary folder. */
function dbPath(): string {
  return join(mkdtempSync(join(tmpdir(), 'papo-history-')), 'papo.db');
}

/** Sends `count` numbered messages and waits until `watcher` has them all. */
async function say(from: LineClient, watcher: LineClient, nick: string, count: number, prefix = 'msg'): Promise<void> {
  let batch = '';
  for (let i = 1; i <= count; i++) batch += `${prefix} ${i}\n`;
  from.send(batch);
  await watcher.nextLine(`${nick} >> ${prefix} ${count}`);
}

/** The history block a line client was sent: its header, message lines and closing line. */
async function historyBlock(c: LineClient): Promise<string[]> {
  const lines = [await c.nextLine(/^\*\*\* (Histórico|Nada mais)/)];
  if (lines[0]!.includes('Nada mais')) return lines;
  for (;;) {
    const line = await c.nextLine(/./);
    lines.push(line);
    if (line.startsWith('*** Fim')) return lines;
  }
}

describe('history', () => {
  it('replays the last messages, with their times, to someone entering a room', async () => {
    const s = await PapoServer.start(['--history-on-join', '3']);
    const ana = await LineClient.join(s.port, 'ana');
    const bob = await LineClient.join(s.port, 'bob');
    await say(ana, bob, 'ana', 4);
    ana.send('/me sai para o café\n');
    await bob.nextLine('* ana sai para o café');
    const cid = await LineClient.connect(s.port);
    cid.send('cid\n');
    await cid.nextLine(/^\*\*\* Olá, cid!/);
    const block = await historyBlock(cid);
    assert.equal(block[0], '*** Histórico de #geral (3 mensagens):');
    assert.match(block[1]!, /^\[\d\d:\d\d\] ana >> msg 3$/);
    assert.match(block[2]!, /^\[\d\d:\d\d\] ana >> msg 4$/);
    assert.match(block[3]!, /^\[\d\d:\d\d\] \* ana sai para o café$/);
    assert.equal(block[4], '*** Fim deste trecho; /historico mostra mensagens mais antigas.');

    const json = await LineClient.connect(s.port);
    json.send('/format json\ndavi\n');
    const event = JSON.parse(await json.nextLine(/"type":"history"/));
    assert.equal(event.room, '#geral');
    assert.equal(event.more, true);
    assert.deepEqual(event.messages.map((m: { text: string }) => m.text), ['msg 3', 'msg 4', 'sai para o café']);
    assert.equal(event.messages[2].action, true);
    for (const c of [ana, bob, cid, json]) c.destroy();
    await s.stop();
  });

  it('pages further back with /history N, and says when there is nothing more', async () => {
    const s = await PapoServer.start(['--history-on-join', '5', '--messages-per-second', '0']);
    const ana = await LineClient.join(s.port, 'ana');
    const bob = await LineClient.join(s.port, 'bob');
    await say(ana, bob, 'ana', 30);
    const cid = await LineClient.join(s.port, 'cid');
    let block = await historyBlock(cid);
    assert.deepEqual(block.slice(1, -1).map((l) => l.replace(/^\[\d\d:\d\d\] /, '')), [26, 27, 28, 29, 30].map((i) => `ana >> msg ${i}`));
    cid.send('/history 10\n');
    block = await historyBlock(cid);
    assert.equal(block[0], '*** Histórico de #geral (10 mensagens):');
    assert.equal(block.at(-2)!.replace(/^\[\d\d:\d\d\] /, ''), 'ana >> msg 25');
    assert.equal(block[1]!.replace(/^\[\d\d:\d\d\] /, ''), 'ana >> msg 16');
    cid.send('/historico 100\n');
    block = await historyBlock(cid);
    assert.equal(block.length, 15 + 2);
    assert.equal(block.at(-1), '*** Fim do histórico.');
    cid.send('/history\n');
    assert.deepEqual(await historyBlock(cid), ['*** Nada mais no histórico de #geral.']);
    for (const c of [ana, bob, cid]) c.destroy();
    await s.stop();
  });

  it('keeps history per room', async () => {
    const s = await PapoServer.start();
    const ana = await LineClient.join(s.port, 'ana');
    ana.send('/join #lab\nsó no lab\n/join #geral\nsó no geral\n');
    await ana.nextLine(/^\*\*\* Você entrou em #geral/);
    const bob = await LineClient.join(s.port, 'bob');
    const geral = await historyBlock(bob);
    assert.match(geral.join('\n'), /só no geral/);
    assert.doesNotMatch(geral.join('\n'), /só no lab/);
    bob.send('/join lab\n');
    const lab = await historyBlock(bob);
    assert.match(lab[1]!, /ana >> só no lab$/);
    for (const c of [ana, bob]) c.destroy();
    await s.stop();
  });

  it('survives a restart of the server on the same file, and message ids keep increasing', async () => {
    const db = dbPath();
    let s = await PapoServer.start(['--db', db]);
    const ana = await LineClient.connect(s.port);
    ana.send('/format json\nana\n');
    await ana.nextLine(/"welcome"/);
    const bob = await LineClient.join(s.port, 'bob');
    ana.send('antes de reiniciar\n/topic Tema que fica\n');
    await bob.nextLine('ana >> antes de reiniciar');
    await bob.nextLine(/Tema que fica/);
    bob.send('resposta\n');
    const firstId = JSON.parse(await ana.nextLine(/"said"/)).id as number;
    assert.equal((await s.stop()).code, 0);

    s = await PapoServer.start(['--db', db]);
    const cid = await LineClient.connect(s.port);
    cid.send('/format json\ncid\n');
    const welcome = JSON.parse(await cid.nextLine(/"welcome"/));
    assert.equal(welcome.topic, 'Tema que fica');
    const history = JSON.parse(await cid.nextLine(/"history"/));
    assert.deepEqual(history.messages.map((m: { nick: string; text: string }) => `${m.nick}: ${m.text}`), ['ana: antes de reiniciar', 'bob: resposta']);
    const dan = await LineClient.join(s.port, 'dan');
    dan.send('depois\n');
    const after = JSON.parse(await cid.nextLine(/"said"/));
    assert.ok(after.id > firstId, `id ${after.id} after ${firstId}`);
    for (const c of [ana, bob, cid, dan]) c.destroy();
    await s.stop();
  });

  it('keeps at most --history-max-messages per room', async () => {
    const s = await PapoServer.start(['--history-max-messages', '7', '--history-on-join', '50', '--messages-per-second', '0']);
    const ana = await LineClient.join(s.port, 'ana');
    const bob = await LineClient.join(s.port, 'bob');
    await say(ana, bob, 'ana', 150);
    const cid = await LineClient.join(s.port, 'cid');
    const block = await historyBlock(cid);
    assert.equal(block[0], '*** Histórico de #geral (7 mensagens):');
    assert.equal(block[1]!.replace(/^\[\d\d:\d\d\] /, ''), 'ana >> msg 144');
    assert.equal(block.at(-1), '*** Fim do histórico.');
    for (const c of [ana, bob, cid]) c.destroy();
    await s.stop();
  });

  it('drops messages older than --history-max-days', async () => {
    const db = dbPath();
    let s = await PapoServer.start(['--db', db]);
    const ana = await LineClient.join(s.port, 'ana');
    const bob = await LineClient.join(s.port, 'bob');
    ana.send('velha\nnova\n');
    await bob.nextLine('ana >> nova');
    await s.stop();
    // Make the first message ten days old, as if the server had been running that long.
    const file = new Database(db);
    file.prepare("UPDATE messages SET time = time - 10 * 86400000 WHERE text = 'velha'").run();
    file.close();
    s = await PapoServer.start(['--db', db, '--history-max-days', '7']);
    const cid = await LineClient.join(s.port, 'cid');
    const block = await historyBlock(cid);
    assert.equal(block[0], '*** Histórico de #geral (1 mensagem):');
    assert.match(block[1]!, /ana >> nova$/);
    await s.stop();
    const check = new Database(db, { readonly: true });
    assert.equal((check.prepare("SELECT count(*) AS n FROM messages WHERE text = 'velha'").get() as { n: number }).n, 0);
    check.close();
  });

  it('keeps private messages only with --store-private', async () => {
    for (const [flags, kept] of [[[], 0], [['--store-private'], 1]] as const) {
      const db = dbPath();
      const s = await PapoServer.start(['--db', db, ...flags]);
      const ana = await LineClient.join(s.port, 'ana');
      const bob = await LineClient.join(s.port, 'bob');
      ana.send('/msg bob segredo\n');
      await bob.nextLine(/segredo/);
      await s.stop();
      const file = new Database(db, { readonly: true });
      assert.equal((file.prepare('SELECT count(*) AS n FROM private_messages').get() as { n: number }).n, kept);
      assert.equal((file.prepare("SELECT count(*) AS n FROM messages WHERE text LIKE '%segredo%'").get() as { n: number }).n, 0);
      file.close();
    }
  });

  it('opens a database made by the first schema, and keeps its messages', async () => {
    const db = dbPath();
    // Schema 1 exactly as it shipped; frozen here, never imported from the code under test.
    const old = new Database(db);
    old.exec(`CREATE TABLE messages (
       id   INTEGER PRIMARY KEY,
       room TEXT NOT NULL,
       time INTEGER NOT NULL,
       nick TEXT NOT NULL,
       text TEXT NOT NULL
     );
     CREATE INDEX messages_room_id ON messages (room, id);`);
    old.pragma('user_version = 1');
    old.prepare('INSERT INTO messages (id, room, time, nick, text) VALUES (?, ?, ?, ?, ?)').run(41, '#geral', Date.now() - 60_000, 'vovó', 'mensagem do esquema antigo');
    old.close();

    const s = await PapoServer.start(['--db', db]);
    const ana = await LineClient.connect(s.port);
    ana.send('/format json\nana\n');
    const history = JSON.parse(await ana.nextLine(/"history"/));
    assert.deepEqual(history.messages.map((m: { id: number; nick: string; text: string }) => [m.id, m.nick, m.text]), [[41, 'vovó', 'mensagem do esquema antigo']]);
    const bob = await LineClient.join(s.port, 'bob');
    bob.send('/me chega\n');
    const said = JSON.parse(await ana.nextLine(/"said"/));
    assert.equal(said.id, 42);
    assert.equal(said.action, true);
    await s.stop();
    const file = new Database(db, { readonly: true });
    assert.equal(file.pragma('user_version', { simple: true }), 3);
    file.close();
  });

  it('refuses a database from a newer papo with a one-line error', async () => {
    const db = dbPath();
    const future = new Database(db);
    future.pragma('user_version = 999');
    future.close();
    const s = new Proc(process.execPath, [CLI, 'serve', '--host', '127.0.0.1', '--port', '0', '--http-port', '0', '--db', db]);
    const { code } = await s.exited;
    assert.equal(code, 1);
    assert.match(s.stderr, /^papo serve: --db: cannot open the history database .*: the history database is from a newer papo \(schema 999, this papo knows 3\)\n$/);
  });
});
