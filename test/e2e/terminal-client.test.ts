import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { LineClient } from '../helpers/line-client.ts';
import { CLI } from '../helpers/paths.ts';
import { PapoServer, freePort } from '../helpers/server.ts';
import { TmuxTerminal } from '../helpers/tmux.ts';

const CI = process.env['CI'] === 'true';
const noTmux = !TmuxTerminal.available() && !CI ? 'tmux is not installed (npm test installs it when run as root)' : false;

describe('papo join in a terminal', { skip: noTmux }, () => {
  let server: PapoServer;
  const terminals: TmuxTerminal[] = [];
  const start = (nick: string | null, env: Record<string, string> = {}) => {
    const t = TmuxTerminal.start(
      `${process.execPath} ${CLI} join 127.0.0.1:${server.port}${nick === null ? '' : ` --nick ${nick}`}`,
      { TERM: 'xterm-256color', LANG: 'C.UTF-8', ...env },
    );
    terminals.push(t);
    return t;
  };

  before(async () => {
    server = await PapoServer.start();
  });
  after(async () => {
    for (const t of terminals) t.close();
    await server.stop();
  });

  it('shows incoming messages above the line being typed, without disturbing it', async () => {
    const bob = await LineClient.join(server.port, 'bob');
    const term = start('ana');
    await term.waitForScreen((s) => s.includes('Olá, ana!'), 'the welcome');
    await term.waitForScreen((s) => /^\[#geral\] ana>/m.test(s), 'the prompt, with the room');
    term.type('meio digit');
    await term.waitForScreen((s) => s.includes('[#geral] ana> meio digit'), 'the typed text');
    bob.send('mensagem do bob\n');
    await term.waitForScreen((s) => s.includes('bob >> mensagem do bob'), "bob's message");
    const lines = term.lines();
    assert.match(lines.at(-2)!, /^\d\d:\d\d bob >> mensagem do bob$/, 'the message, with its time, above the input');
    assert.equal(lines.at(-1), '[#geral] ana> meio digit', 'what was typed is still there, untouched');

    term.type('ado');
    term.press('Enter');
    assert.equal(await bob.nextLine(/^ana >>/), 'ana >> meio digitado');
    const after = await term.waitForScreen((s) => /\d\d:\d\d ana >> meio digitado/.test(s), 'our own message');
    assert.doesNotMatch(after, /ana> meio digitado/, 'the typed line became a chat line');
    assert.equal(term.lines().at(-1), '[#geral] ana>');

    // Colours: nicknames are coloured on a terminal.
    assert.match(term.screen(true), /\x1b\[[0-9;]*m(\x1b\[[0-9;]*m)*bob\x1b\[(0|39)?m/);

    term.press('C-d');
    await term.waitForScreen((s) => s.includes('EXIT=0'), 'the client to exit 0 on Ctrl-D');
    assert.equal(await bob.nextLine(/ana saiu/), 'ana saiu do chat.');
    bob.destroy();
  });

  it('asks for a nickname, asks again when it is taken, and leaves on sair', async () => {
    const bob = await LineClient.join(server.port, 'rita');
    const term = start(null);
    await term.waitForScreen((s) => s.includes('Qual é o seu apelido?'), 'the nickname question');
    term.type('RITA');
    term.press('Enter');
    await term.waitForScreen((s) => s.includes('já está em uso'), 'the refusal');
    await term.waitForScreen((s) => s.trimEnd().endsWith('Qual é o seu apelido?'), 'the question again');
    term.type('rosa');
    term.press('Enter');
    await term.waitForScreen((s) => s.includes('Olá, rosa!'), 'the welcome');
    assert.equal(await bob.nextLine(/entrou/), 'rosa entrou no chat.');
    term.type('sair');
    term.press('Enter');
    await term.waitForScreen((s) => s.includes('EXIT=0'), 'exit 0 after sair');
    assert.equal(await bob.nextLine(/saiu/), 'rosa saiu do chat.');
    bob.destroy();
  });

  it('exits 0 on Ctrl-C at the nickname question', async () => {
    const term = start(null);
    await term.waitForScreen((s) => s.includes('Qual é o seu apelido?'), 'the nickname question');
    term.press('C-c');
    await term.waitForScreen((s) => s.includes('EXIT=0'), 'exit 0');
  });

  it('leaves cleanly on Ctrl-C, and shows no colours with NO_COLOR', async () => {
    const bob = await LineClient.join(server.port, 'teo');
    const term = start('uma', { NO_COLOR: '1' });
    await term.waitForScreen((s) => /^\[#geral\] uma>/m.test(s), 'the prompt');
    bob.send('sem cor\n');
    await term.waitForScreen((s) => s.includes('teo >> sem cor'), 'the message');
    assert.doesNotMatch(term.screen(true), /\x1b\[(?!0?m)[0-9;]*m/, 'no colour codes');
    term.press('C-c');
    await term.waitForScreen((s) => s.includes('EXIT=0'), 'exit 0 on Ctrl-C');
    assert.equal(await bob.nextLine(/saiu/), 'uma saiu do chat.');
    bob.destroy();
  });

  it('shows the room in the prompt, private messages and actions, and completes with Tab', async () => {
    const vera = await LineClient.join(server.port, 'vera');
    const term = start('wil');
    await term.waitForScreen((s) => /^\[#geral\] wil>/m.test(s), 'the prompt');
    term.type('/ent');
    term.press('Tab');
    await term.waitForScreen((s) => /\[#geral\] wil> \/entrar\s*$/m.test(s), 'the command completed');
    term.type('#lab');
    term.press('Enter');
    await term.waitForScreen((s) => /^\[#lab\] wil>/m.test(s), 'the new room in the prompt');
    vera.send('/msg wil psiu\n/join lab\n');
    await term.waitForScreen((s) => /\[privado\] vera >> psiu/.test(s), 'the private message');
    await term.waitForScreen((s) => s.includes('vera entrou em #lab.'), 'vera arriving');
    term.type('oi ve');
    term.press('Tab');
    await term.waitForScreen((s) => s.includes('[#lab] wil> oi vera'), 'the nickname completed');
    term.press('Enter');
    assert.equal(await vera.nextLine(/^wil >>/), 'wil >> oi vera');
    term.type('/me acena');
    term.press('Enter');
    assert.equal(await vera.nextLine(/^\* wil/), '* wil acena');
    await term.waitForScreen((s) => /\d\d:\d\d \* wil acena/.test(s), 'our own action');
    vera.send('/me responde\n');
    await term.waitForScreen((s) => /\d\d:\d\d \* vera responde/.test(s), "vera's action");
    term.press('C-d');
    await term.waitForScreen((s) => s.includes('EXIT=0'), 'exit 0');
    vera.destroy();
  });

  it('reconnects after the server restarts, keeping its nickname and room', async () => {
    const port = await freePort();
    let own = await PapoServer.start(['--port', String(port)]);
    const t = TmuxTerminal.start(`${process.execPath} ${CLI} join 127.0.0.1:${port} --nick xico`, { TERM: 'xterm-256color', LANG: 'C.UTF-8' });
    terminals.push(t);
    await t.waitForScreen((s) => /^\[#geral\] xico>/m.test(s), 'the prompt');
    t.type('/join #oficina');
    t.press('Enter');
    await t.waitForScreen((s) => /^\[#oficina\] xico>/m.test(s), 'in #oficina');
    await own.stop();
    await t.waitForScreen((s) => s.includes('O servidor está encerrando'), 'the server closing');
    await t.waitForScreen((s) => s.includes('Tentando reconectar'), 'the reconnection notice');
    own = await PapoServer.start(['--port', String(port)]);
    await t.waitForScreen((s) => s.includes('Reconectado.'), 'reconnected', 20_000);
    await t.waitForScreen((s) => s.includes('Você entrou em #oficina'), 'back in #oficina');
    const yara = await LineClient.join(own.port, 'yara');
    yara.send('/join oficina\n');
    await yara.nextLine(/^\*\*\* Você entrou em #oficina com xico/);
    t.type('voltei');
    t.press('Enter');
    assert.equal(await yara.nextLine(/^xico >>/), 'xico >> voltei');
    t.press('C-d');
    await t.waitForScreen((s) => s.includes('EXIT=0'), 'exit 0');
    yara.destroy();
    await own.stop();
  });

  it('keeps wide characters aligned: a wrapped CJK line is replaced whole, and incoming lines do not break it', async () => {
    const zeca = await LineClient.join(server.port, 'zeca');
    const term = start('李雷');
    await term.waitForScreen((s) => /^\[#geral\] 李雷>/m.test(s), 'the prompt');
    const long = '日本語のテキスト'.repeat(7) + ' 😀 fim'; // about 120 columns: wraps in 100
    term.type(long.slice(0, 30));
    zeca.send('chegou enquanto você digitava\n');
    await term.waitForScreen((s) => s.includes('zeca >> chegou enquanto você digitava'), 'the incoming line');
    assert.equal(term.lines().at(-1), `[#geral] 李雷> ${long.slice(0, 30)}`);
    term.type(long.slice(30));
    term.press('Enter');
    assert.equal(await zeca.nextLine(/^李雷 >>/), `李雷 >> ${long}`);
    await term.waitForScreen((s) => s.includes('😀 fim') && /^\[#geral\] 李雷>$/m.test(s.trimEnd().split('\n').at(-1)!), 'our line shown once');
    const screen = term.lines();
    const ours = screen.filter((l) => l.includes('日本語'));
    assert.equal(ours.length, 2, 'one chat line, wrapped over two rows, and no leftover of the typed line');
    assert.match(ours[0]!, /^\d\d:\d\d 李雷 >> 日本語/);
    assert.ok(!screen.some((l) => l.startsWith('[#geral] 李雷> 日本語')), 'the typed line was replaced');
    term.press('C-d');
    await term.waitForScreen((s) => s.includes('EXIT=0'), 'exit 0');
    zeca.destroy();
  });
});
