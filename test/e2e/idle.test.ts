import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LineClient } from '../helpers/line-client.ts';
import { CLI } from '../helpers/paths.ts';
import { Proc, sleep } from '../helpers/processes.ts';
import WebSocket from 'ws';
import { PapoServer, freePort } from '../helpers/server.ts';

describe('idle time', () => {
  it('pings a silent structured client, cuts it off if it stays silent, and leaves quiet people on text alone', async () => {
    const s = await PapoServer.start(['--idle-timeout-ms', '400']);
    const watcher = await LineClient.join(s.port, 'vigia');
    const mute = await LineClient.connect(s.port);
    mute.send('/format json\nmudo\n');
    await mute.nextLine(/"welcome"/);
    const ping = JSON.parse(await mute.nextLine(/"ping"/, 5000));
    assert.equal(ping.type, 'ping');
    assert.equal(await watcher.nextLine(/mudo saiu/, 5000), 'mudo saiu do chat.');
    await mute.waitClosed();
    await s.waitFor((p) => /"reason":"idle"/.test(p.stderr), 'the cut-off to be logged');

    // papo join answers pings, so a quiet papo join user stays.
    const quiet = new Proc(process.execPath, [CLI, 'join', `127.0.0.1:${s.port}`, '--nick', 'quieto'], { env: { ...process.env, LANG: 'C.UTF-8' } });
    await watcher.nextLine('quieto entrou no chat.');
    await sleep(2000); // five idle periods
    watcher.send('ainda aí?\n');
    await quiet.waitForOutput('vigia >> ainda aí?');
    quiet.endInput();
    assert.equal((await quiet.exited).code, 0);
    await watcher.nextLine('quieto saiu do chat.');
    assert.doesNotMatch(watcher.received.split('quieto entrou no chat.')[1]!.split('quieto saiu')[0]!, /saiu/);

    // The watcher itself (plain text) has been silent for seconds and is still here.
    assert.equal(watcher.closed, false);
    watcher.destroy();
    await s.stop();
  });
});

describe('WebSocket heartbeat', () => {
  it('pings a silent WebSocket client and cuts it off when no pong comes; one that answers stays', async () => {
    const s = await PapoServer.start(['--http-port', String(await freePort()), '--idle-timeout-ms', '400']);
    const watcher = await LineClient.join(s.port, 'vigia');
    const join = (nick: string, autoPong: boolean) =>
      new Promise<{ ws: WebSocket; pings: number[]; closed: Promise<number> }>((resolve, reject) => {
        const ws = new WebSocket(`ws://127.0.0.1:${s.httpPort}/ws`, { autoPong });
        const pings: number[] = [];
        ws.on('ping', () => pings.push(Date.now()));
        const closed = new Promise<number>((r) => ws.on('close', (code) => r(code)));
        ws.on('error', reject);
        ws.on('open', () => {
          ws.send(JSON.stringify({ type: 'line', text: nick }));
          resolve({ ws, pings, closed });
        });
      });
    const deaf = await join('surdo', false);
    const alive = await join('vivo', true);
    assert.equal(await watcher.nextLine(/surdo saiu/, 10_000), 'surdo saiu do chat.');
    assert.ok(deaf.pings.length >= 1, 'it was pinged first');
    await deaf.closed;
    await sleep(1500); // several more idle periods
    assert.ok(alive.pings.length >= 1, 'the other was pinged too');
    assert.equal(alive.ws.readyState, WebSocket.OPEN, 'and, having answered, is still connected');
    assert.doesNotMatch(watcher.received, /vivo saiu/);
    alive.ws.close();
    watcher.destroy();
    await s.stop();
  });
});
