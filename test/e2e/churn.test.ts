import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { describe, it } from 'node:test';
import { LineClient } from '../helpers/line-client.ts';
import { sleep } from '../helpers/processes.ts';
import { openFds, residentBytes } from '../helpers/proc-stats.ts';
import { PapoServer } from '../helpers/server.ts';

/** One short visit: connect, read the greeting, maybe give a nickname and say something, go. */
function visit(port: number, n: number): Promise<void> {
  return new Promise((resolve) => {
    const s = connect({ port, host: '127.0.0.1' });
    let got = '';
    const done = () => resolve();
    s.on('error', done);
    s.on('close', done);
    s.on('data', (d: Buffer) => {
      got += d.toString();
      if (got.includes('(papo/1)\n') && !got.includes('sent')) {
        got += 'sent';
        if (n % 3 === 0) s.destroy(); // gone before a nickname
        else if (n % 3 === 1) s.end(`visita${n}\noi\nsair\n`); // leaves properly
        else s.write(`visita${n}\n`, () => setTimeout(() => s.destroy(), 1)); // drops mid-chat
      }
    });
  });
}

describe('churn', () => {
  it('5,000 connect/disconnect cycles leave the descriptor count where it started', async () => {
    const s = await PapoServer.start(['--messages-per-second', '0']);
    const watcher = await LineClient.join(s.port, 'vigia');
    await sleep(200);
    const fdsBefore = openFds(s.pid);
    const deadline = Date.now() + 120_000;
    let next = 0;
    const worker = async () => {
      while (next < 5000 && Date.now() < deadline) await visit(s.port, next++);
    };
    await Promise.all(Array.from({ length: 50 }, worker));
    assert.equal(next, 5000, 'all cycles ran within the time bound');

    let fdsAfter = openFds(s.pid);
    for (let i = 0; i < 100 && fdsAfter > fdsBefore; i++) {
      await sleep(100);
      fdsAfter = openFds(s.pid);
    }
    assert.equal(fdsAfter, fdsBefore, `descriptors before ${fdsBefore}, after ${fdsAfter}`);
    assert.ok(residentBytes(s.pid) < 300 * 1024 * 1024, 'resident memory stays bounded');
    // The server still works, and nobody was left registered.
    const check = await LineClient.join(s.port, 'visita2');
    watcher.send('ainda de pé\n');
    assert.equal(await check.nextLine(/^vigia >>/), 'vigia >> ainda de pé');
    check.send('/quem\n');
    assert.equal(await check.nextLine(/^\*\*\* Em/), '*** Em #geral (2): vigia, visita2');
    check.destroy();
    watcher.destroy();
    await s.stop();
  });
});
