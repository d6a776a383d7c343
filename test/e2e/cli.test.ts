import assert from 'node:assert/strict';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { LineClient } from '../helpers/line-client.ts';
import { CLI } from '../helpers/paths.ts';
import { Proc } from '../helpers/processes.ts';
import { PapoServer, freePort } from '../helpers/server.ts';

/** Runs `papo ...args` to its end. */
async function papo(args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const p = new Proc(process.execPath, [CLI, ...args], { env: { ...process.env, LANG: 'C.UTF-8', ...env } });
  p.endInput();
  const { code } = await p.exited;
  return { code, stdout: p.stdout, stderr: p.stderr };
}

describe('papo serve, command line', () => {
  it('says in one line that a port is taken, and exits with status 1', async () => {
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
    const { port } = blocker.address() as { port: number };
    const r = await papo(['serve', '--host', '127.0.0.1', '--port', String(port), '--http-port', '0', '--db', ':memory:']);
    blocker.close();
    assert.equal(r.code, 1);
    assert.equal(r.stderr, `papo serve: cannot listen on 127.0.0.1:${port} (--host/--port): the port is already in use\n`);
  });

  it('names the setting in a one-line error for a bad flag or value', async () => {
    const cases: Array<[string[], NodeJS.ProcessEnv, RegExp]> = [
      [['--port', 'abc'], {}, /^papo serve: --port: expected a whole number, got "abc"\n$/],
      [['--port', '70000'], {}, /^papo serve: --port: must be between 0 and 65535, got 70000\n$/],
      [['--lang', 'fr'], {}, /^papo serve: --lang: expected pt or en, got "fr"\n$/],
      [['--bogus'], {}, /^papo serve: Unknown option '--bogus'.*\n$/],
      [[], { PAPO_MAX_LINE_BYTES: '-5' }, /^papo serve: PAPO_MAX_LINE_BYTES: expected a whole number, got "-5"\n$/],
      [['--config', '/nonexistent/papo.json'], {}, /^papo serve: --config: cannot read \/nonexistent\/papo.json: ENOENT\n$/],
      [['--limit-exempt', '10.0.0.0/99'], {}, /^papo serve: --limit-exempt: "10.0.0.0\/99" is not loopback, none, an address or a CIDR range\n$/],
      [['--store-private=yes'], {}, /^papo serve: Option '--store-private' does not take an argument.*\n$/],
    ];
    for (const [args, env, expected] of cases) {
      const r = await papo(['serve', '--host', '127.0.0.1', ...args], env);
      assert.equal(r.code, 1, args.join(' '));
      assert.match(r.stderr, expected);
    }
  });

  it('lists every setting with its default and environment variable in --help', async () => {
    const r = await papo(['serve', '--help']);
    assert.equal(r.code, 0);
    for (const flag of ['host', 'port', 'lang', 'max-line-bytes', 'send-queue-bytes', 'messages-per-second', 'message-burst', 'max-connections', 'max-connections-per-address', 'limit-exempt', 'nick-timeout-ms', 'db', 'history-on-join', 'history-max-messages', 'history-max-days', 'store-private', 'drain-ms', 'log-level', 'config']) {
      assert.match(r.stdout, new RegExp(`--${flag}\\b`));
      assert.match(r.stdout, new RegExp(`PAPO_${flag.toUpperCase().replace(/-/g, '_')}\\b`));
    }
    assert.match(r.stdout, /default 8888/);
  });

  it('takes settings from the environment and a config file, a flag beating both', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'papo-'));
    const file = join(dir, 'papo.json');
    writeFileSync(file, JSON.stringify({ 'max-line-bytes': 100, lang: 'en' }));
    const envPort = await freePort();
    const s = new Proc(process.execPath, [CLI, 'serve', '--config', file, '--lang', 'pt', '--log-level', 'warn', '--db', ':memory:', '--http-port', '0'], {
      env: { ...process.env, PAPO_HOST: '127.0.0.1', PAPO_PORT: String(envPort), PAPO_MAX_LINE_BYTES: '200' },
    });
    await s.waitForOutput(`127.0.0.1:${envPort}`);
    const c = await LineClient.join(envPort, 'ana');
    c.send('y'.repeat(201) + '\n');
    assert.equal(await c.nextLine(/^\*\*\*/), '*** Linha longa demais (máximo 200 bytes); ela não foi enviada.');
    c.destroy();
    s.kill('SIGTERM');
    assert.equal((await s.exited).code, 0);
  });

  it('speaks English with --lang en or LANG=en_*', async () => {
    for (const [args, env] of [[['--lang', 'en'], {}], [[], { LANG: 'en_US.UTF-8' }]] as const) {
      const s = await PapoServer.start(args, env);
      const a = await LineClient.connect(s.port);
      assert.equal(await a.nextLine(/./), 'Welcome to papo! What is your nickname? (papo/1)');
      a.send('ana\n');
      assert.match(await a.nextLine(/^\*\*\*/), /^\*\*\* Hello, ana! You are in #geral, alone for now\./);
      const b = await LineClient.join(s.port, 'bob');
      assert.equal(await a.nextLine(/bob/), 'bob joined the chat.');
      b.send('hi\n');
      assert.equal(await a.nextLine(/>>/), 'bob >> hi');
      b.destroy();
      assert.equal(await a.nextLine(/bob/), 'bob left the chat.');
      a.destroy();
      await s.stop();
    }
  });

  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    it(`on ${signal} tells everyone the server is closing, closes their connections and exits 0`, async () => {
      const s = await PapoServer.start();
      const ana = await LineClient.join(s.port, 'ana');
      const waiting = await LineClient.connect(s.port);
      await waiting.nextLine(/papo\/1/);
      s.kill(signal);
      assert.equal(await ana.nextLine(/^\*\*\*/), '*** O servidor está encerrando. Até logo!');
      assert.equal(await waiting.nextLine(/^\*\*\*/), '*** O servidor está encerrando. Até logo!');
      await ana.waitClosed();
      await waiting.waitClosed();
      assert.deepEqual(await s.exited, { code: 0, signal: null });
      assert.equal(await LineClient.connect(s.port).then(() => 'connected', () => 'refused'), 'refused');
    });
  }
});

describe('papo join, command line', () => {
  it('says it cannot connect, with status 1', async () => {
    const port = await freePort();
    const r = await papo(['join', `127.0.0.1:${port}`, '--nick', 'ana']);
    assert.equal(r.code, 1);
    assert.equal(r.stderr, `papo join: não foi possível conectar a 127.0.0.1:${port}: connection refused\n`);
  });

  it('sends each line of a script, prints what others say, and exits 0 at the end of input', async () => {
    const s = await PapoServer.start();
    const bob = await LineClient.join(s.port, 'bob');
    const p = new Proc(process.execPath, [CLI, 'join', `127.0.0.1:${s.port}`], { env: { ...process.env, LANG: 'C.UTF-8' } });
    p.write('ana\nprimeira\n');
    assert.equal(await bob.nextLine(/^ana >>/), 'ana >> primeira');
    bob.send('oi ana\n');
    await p.waitForOutput('bob >> oi ana\n');
    p.write('segunda\n');
    p.endInput();
    assert.equal(await bob.nextLine(/^ana >>/), 'ana >> segunda');
    assert.equal(await bob.nextLine(/ana saiu/), 'ana saiu do chat.');
    assert.equal((await p.exited).code, 0);
    bob.destroy();
    await s.stop();
  });

  it('exits 1 when a script gives a nickname the server refuses', async () => {
    const s = await PapoServer.start();
    const bob = await LineClient.join(s.port, 'bob');
    const r = await papo(['join', `127.0.0.1:${s.port}`, '--nick', 'BOB']);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /O apelido "BOB" já está em uso/);
    assert.match(r.stderr, /papo join: o servidor recusou o apelido/);
    bob.destroy();
    await s.stop();
  });

  it('reports a server that goes away with a non-zero exit status', async () => {
    const s = await PapoServer.start();
    const p = new Proc(process.execPath, [CLI, 'join', `127.0.0.1:${s.port}`, '--nick', 'ana'], { env: { ...process.env, LANG: 'C.UTF-8' } });
    await p.waitForOutput('Olá, ana!');
    await s.stop();
    const { code } = await p.exited;
    assert.equal(code, 1);
    assert.match(p.stdout, /O servidor está encerrando/);
  });
});
