import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { OriginalClient } from '../helpers/original.ts';
import { Proc } from '../helpers/processes.ts';
import { PapoServer } from '../helpers/server.ts';

function hasNc(): boolean {
  try {
    execFileSync('sh', ['-c', 'command -v nc'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
const skip = !hasNc() && process.env['CI'] !== 'true' ? 'nc is not installed (npm test installs netcat-openbsd when run as root)' : false;

describe('nc as a chat client', { skip }, () => {
  let server: PapoServer;
  before(async () => {
    server = await PapoServer.start();
  });
  after(async () => {
    await server.stop();
  });

  it('two people with nc, and one with the original client, chat in the same room', async () => {
    const ana = new Proc('nc', ['127.0.0.1', String(server.port)]);
    await ana.waitForOutput('(papo/1)\n');
    ana.write('ana\n');
    await ana.waitForOutput('Olá, ana!');
    const bob = new Proc('nc', ['127.0.0.1', String(server.port)]);
    await bob.waitForOutput('(papo/1)\n');
    bob.write('bob\n');
    await ana.waitForOutput('bob entrou no chat.\n');
    bob.write('alguém aí?\n');
    await ana.waitForOutput('bob >> alguém aí?\n');

    const cris = OriginalClient.start(server.port);
    await cris.waitForOutput('Informe seu nome');
    await cris.type('cris');
    await bob.waitForOutput('cris entrou no chat.\n');
    ana.write('oi bob, oi cris\n');
    await bob.waitForOutput('ana >> oi bob, oi cris\n');
    await cris.waitForOutput('ana >> oi bob, oi cris');
    await cris.type('oi!');
    await ana.waitForOutput('cris >> oi!\n');
    await bob.waitForOutput('cris >> oi!\n');

    ana.write('sair\n');
    await bob.waitForOutput('ana saiu do chat.\n');
    await cris.waitForOutput('ana saiu do chat.');
    ana.endInput(); // OpenBSD nc waits for its input to end too
    assert.equal((await ana.exited).code, 0);
    await cris.type('sair');
    await bob.waitForOutput('cris saiu do chat.\n');
    bob.kill();
    await bob.exited;
    await cris.exited;
  });
});
