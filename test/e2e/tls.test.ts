import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { LineClient } from '../helpers/line-client.ts';
import { CLI } from '../helpers/paths.ts';
import { Proc } from '../helpers/processes.ts';
import { PapoServer } from '../helpers/server.ts';

describe('TLS', () => {
  const dir = mkdtempSync(join(tmpdir(), 'papo-tls-'));
  const cert = join(dir, 'cert.pem');
  const key = join(dir, 'key.pem');
  let server: PapoServer;

  before(async () => {
    // A throw-away self-signed certificate for 127.0.0.1, made for this run.
    execFileSync('openssl', [
      'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '1',
      '-subj', '/CN=localhost', '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost',
    ], { stdio: 'ignore' });
    server = await PapoServer.start(['--tls-cert', cert, '--tls-key', key, '--tls-port', '0']);
  });
  after(async () => {
    await server.stop();
  });

  it('chats over TLS with people on plain TCP', async () => {
    const secure = await LineClient.connectTls(server.tlsPort, readFileSync(cert));
    assert.match(await secure.nextLine(/./), /\(papo\/1\)$/);
    secure.send('sigilo\n');
    await secure.nextLine(/^\*\*\* Olá, sigilo!/);
    const plain = await LineClient.join(server.port, 'aberto');
    assert.equal(await secure.nextLine(/aberto/), 'aberto entrou no chat.');
    plain.send('oi, cifrado\n');
    assert.equal(await secure.nextLine(/>>/), 'aberto >> oi, cifrado');
    secure.send('oi, às claras\n');
    assert.equal(await plain.nextLine(/>>/), 'sigilo >> oi, às claras');
    secure.destroy();
    plain.destroy();
  });

  it('papo join --tls --insecure talks to a self-signed server; without --insecure it says why it will not', async () => {
    const watcher = await LineClient.join(server.port, 'vigia');
    const join1 = new Proc(process.execPath, [CLI, 'join', `127.0.0.1:${server.tlsPort}`, '--tls', '--insecure', '--nick', 'tlsuser'], {
      env: { ...process.env, LANG: 'C.UTF-8' },
    });
    join1.write('por TLS\n');
    assert.equal(await watcher.nextLine(/^tlsuser >>/), 'tlsuser >> por TLS');
    join1.endInput();
    assert.equal((await join1.exited).code, 0);

    const join2 = new Proc(process.execPath, [CLI, 'join', `127.0.0.1:${server.tlsPort}`, '--tls', '--nick', 'x'], {
      env: { ...process.env, LANG: 'C.UTF-8' },
    });
    join2.endInput();
    assert.equal((await join2.exited).code, 1);
    assert.match(join2.stderr, /^papo join: não foi possível conectar a 127\.0\.0\.1:\d+: self[- ]signed certificate \(--insecure accepts it\)\n$/);
    watcher.destroy();
  });

  it('shrugs off a client that speaks plain text to the TLS port', async () => {
    await new Promise<void>((resolve) => {
      const s = connect({ port: server.tlsPort, host: '127.0.0.1' }, () => s.end('ana\noi\n'));
      s.on('close', () => resolve());
      s.on('error', () => resolve());
      s.resume();
    });
    const a = await LineClient.connectTls(server.tlsPort, readFileSync(cert));
    assert.match(await a.nextLine(/./), /papo\/1/);
    a.destroy();
  });

  it('says in one line when the certificate or key cannot be used', async () => {
    writeFileSync(join(dir, 'bad.pem'), 'not a certificate\n');
    const cases: Array<[string[], RegExp]> = [
      [['--tls-cert', cert], /^papo serve: --tls-cert and --tls-key go together: give both, or neither\n$/],
      [['--tls-cert', join(dir, 'missing.pem'), '--tls-key', key], /^papo serve: --tls-cert: cannot read .*missing\.pem: ENOENT\n$/],
      [['--tls-cert', join(dir, 'bad.pem'), '--tls-key', key], /^papo serve: --tls-cert\/--tls-key: not a usable certificate and key: .*\n$/],
    ];
    for (const [args, expected] of cases) {
      const p = new Proc(process.execPath, [CLI, 'serve', '--host', '127.0.0.1', '--port', '0', '--http-port', '0', '--tls-port', '0', '--db', ':memory:', ...args]);
      assert.equal((await p.exited).code, 1, args.join(' '));
      assert.match(p.stderr, expected);
    }
  });
});
