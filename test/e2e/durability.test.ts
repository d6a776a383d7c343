import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { LineClient } from '../helpers/line-client.ts';
import { sleep } from '../helpers/processes.ts';
import { PapoServer } from '../helpers/server.ts';

describe('durability', () => {
  it('after kill -9 mid-conversation, every message anyone received is in the history', async () => {
    const db = join(mkdtempSync(join(tmpdir(), 'papo-durability-')), 'papo.db');
    const flags = ['--db', db, '--messages-per-second', '0', '--history-max-messages', '100000'];
    let server = await PapoServer.start(flags);
    const talkers = await Promise.all(['ana', 'bia', 'caio'].map((n) => LineClient.join(server.port, n)));
    // Each talks in bursts, as fast as the server takes it, until the server dies (bounded).
    let running = true;
    const talking = talkers.map(async (c, k) => {
      for (let i = 0; running && i < 2000 && !c.closed; i++) {
        let burst = '';
        for (let j = 0; j < 20; j++) burst += `m${k}-${i}-${j}\n`;
        c.send(burst);
        await sleep(1);
      }
    });
    await talkers[0]!.nextLine(/^bia >> m1-50-/, 20_000);
    server.kill('SIGKILL');
    await server.exited;
    running = false;
    await Promise.all(talking);

    const received = new Set<string>();
    for (const c of talkers) {
      for (const line of c.received.split('\n')) {
        const m = /^\S+ >> (m\d+-\d+-\d+)$/.exec(line);
        if (m !== null) received.add(m[1]!);
      }
      c.destroy();
    }
    assert.ok(received.size > 1000, `a real conversation happened (${received.size} messages received)`);

    server = await PapoServer.start(flags);
    const reader = await LineClient.connect(server.port);
    reader.send('/format json\nleitor\n');
    await reader.nextLine(/"welcome"/);
    const kept = new Set<string>();
    let before = '';
    for (let page = 0; page < 1000; page++) {
      reader.send(`/history 200${before}\n`);
      const event = JSON.parse(await reader.nextLine(/"type":"history"/)) as { messages: Array<{ id: number; text: string }>; more: boolean };
      for (const m of event.messages) kept.add(m.text);
      if (!event.more || event.messages.length === 0) break;
      before = ` ${event.messages[0]!.id}`;
    }
    const lost = [...received].filter((m) => !kept.has(m));
    assert.deepEqual(lost.slice(0, 10), [], `${lost.length} received messages are missing from the history`);
    reader.destroy();
    await server.stop();
  });
});
