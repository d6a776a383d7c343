import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { describe, it } from 'node:test';
import { LineClient } from '../helpers/line-client.ts';
import { CLI } from '../helpers/paths.ts';
import { Proc } from '../helpers/processes.ts';
import { PapoServer, freePort } from '../helpers/server.ts';

async function get(port: number, path: string): Promise<{ status: number; type: string; body: string }> {
  const res = await fetch(`http://127.0.0.1:${port}${path}`);
  return { status: res.status, type: res.headers.get('content-type') ?? '', body: await res.text() };
}

/** The value of one sample line of Prometheus text, e.g. `papo_connections{door="tcp"}`. */
function sample(text: string, name: string): number | null {
  const line = text.split('\n').find((l) => l.startsWith(name + ' '));
  return line === undefined ? null : Number(line.slice(name.length + 1));
}

describe('HTTP: /healthz and /metrics', () => {
  it('answers /healthz, counts connections, messages, deliveries, cut-offs and history writes in /metrics', async () => {
    const s = await PapoServer.start(['--http-port', String(await freePort()), '--messages-per-second', '1', '--message-burst', '1']);
    const health = await get(s.httpPort, '/healthz');
    assert.equal(health.status, 200);
    assert.equal(JSON.parse(health.body).status, 'ok');

    const ana = await LineClient.join(s.port, 'ana');
    const bob = await LineClient.join(s.port, 'bob');
    ana.send('olá\n');
    await bob.nextLine('ana >> olá');
    const flood = await LineClient.join(s.port, 'flood');
    flood.send('x\n'.repeat(40));
    await flood.waitClosed();
    await ana.nextLine('flood saiu do chat.');

    // The flooder's socket closes a moment after it is told to leave: wait for the count.
    let m = await get(s.httpPort, '/metrics');
    for (let i = 0; i < 50 && sample(m.body, 'papo_connections{door="tcp"}') !== 2; i++) {
      await new Promise((r) => setTimeout(r, 100));
      m = await get(s.httpPort, '/metrics');
    }
    assert.equal(m.status, 200);
    assert.match(m.type, /^text\/plain/);
    assert.equal(sample(m.body, 'papo_connections{door="tcp"}'), 2);
    assert.equal(sample(m.body, 'papo_messages_total'), 1, "ana's; the flooder spent its burst of 1 on its nickname");
    assert.ok(sample(m.body, 'papo_deliveries_total')! >= 4);
    assert.equal(sample(m.body, 'papo_cutoffs_total{reason="flood"}'), 1);
    assert.ok(sample(m.body, 'papo_history_commit_seconds_count')! >= 1);
    assert.notEqual(sample(m.body, 'papo_nodejs_eventloop_lag_seconds'), null);
    assert.notEqual(sample(m.body, 'papo_send_queue_bytes'), null);

    assert.equal((await get(s.httpPort, '/nada')).status, 404);
    const post = await fetch(`http://127.0.0.1:${s.httpPort}/metrics`, { method: 'POST' });
    assert.equal(post.status, 405);
    ana.destroy();
    bob.destroy();
    await s.stop();
  });

  it('says in one line that the HTTP port is taken, and --http-port 0 turns HTTP off', async () => {
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
    const { port } = blocker.address() as { port: number };
    const p = new Proc(process.execPath, [CLI, 'serve', '--host', '127.0.0.1', '--port', '0', '--http-port', String(port), '--db', ':memory:']);
    assert.equal((await p.exited).code, 1);
    blocker.close();
    assert.equal(p.stderr, `papo serve: cannot listen on 127.0.0.1:${port} (--http-port): the port is already in use\n`);

    const s = await PapoServer.start(['--http-port', '0']);
    assert.doesNotMatch(s.stdout, /HTTP/);
    await s.stop();
  });
});
