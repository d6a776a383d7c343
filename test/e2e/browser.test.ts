import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { CHROMIUM, SHOTS, launchBrowser } from '../helpers/browser.ts';
import { LineClient } from '../helpers/line-client.ts';
import { OriginalClient } from '../helpers/original.ts';
import { PapoServer, freePort } from '../helpers/server.ts';

const skip = !existsSync(CHROMIUM) && process.env['CI'] !== 'true' ? 'Debian chromium is not installed (npm test installs it when run as root)' : false;

describe('the chat page in a real browser', { skip }, () => {
  let browser: Browser;
  let server: PapoServer;
  let httpPort: number;
  let port: number;

  before(async () => {
    httpPort = await freePort();
    port = await freePort();
    server = await PapoServer.start(['--port', String(port), '--http-port', String(httpPort)]);
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  async function open(nick: string, viewport = { width: 1100, height: 700 }): Promise<Page> {
    const context = await browser.newContext({ viewport, locale: 'pt-BR' });
    const page = await context.newPage();
    page.on('dialog', () => assert.fail('a dialog opened: user text ran as code'));
    await page.goto(`http://127.0.0.1:${httpPort}/`);
    await page.fill('#nick', nick);
    await page.press('#nick', 'Enter');
    await page.waitForSelector('#chat:not([hidden])');
    return page;
  }

  const lines = (page: Page) => page.locator('#messages li').allInnerTexts();

  it('chats both ways with a TCP user and the original client in #geral; user text is shown, never run', async () => {
    const bob = await LineClient.join(port, 'bob');
    bob.send('antes de ela chegar\n');
    const orig = OriginalClient.start(port);
    await orig.waitForOutput('Informe seu nome');
    await orig.type('velho');
    const page = await open('navegadora');
    // History on join, marked as history.
    await page.waitForSelector('#messages li.history:has-text("antes de ela chegar")');
    await page.fill('#text', 'olá do navegador');
    await page.press('#text', 'Enter');
    assert.equal(await bob.nextLine(/^navegadora >>/), 'navegadora >> olá do navegador');
    await orig.waitForOutput('navegadora >> olá do navegador');
    bob.send('<img src=x onerror=alert(1)> <b>negrito?</b>\n');
    await page.waitForSelector('#messages li:has-text("onerror=alert(1)")');
    assert.equal(await page.locator('#messages img, #messages b').count(), 0, 'no element was made from user text');
    await orig.type('oi de python');
    await page.waitForSelector('#messages li:has-text("oi de python")');
    const texts = await lines(page);
    assert.ok(texts.some((t) => /\d\d:\d\d\s*velho >> oi de python|\d\d:\d\dvelho oi de python/.test(t.replace(/\n/g, ' ')) || t.includes('oi de python')));
    const members = await page.locator('#members li').allInnerTexts();
    assert.deepEqual(members.map((m) => m.trim()).sort(), ['bob', 'navegadora', 'velho']);
    const csp = (await page.request.get(`http://127.0.0.1:${httpPort}/`)).headers()['content-security-policy'];
    assert.match(csp ?? '', /script-src 'self'/);
    await page.screenshot({ path: resolve(SHOTS, 'page-geral.png') });
    await orig.type('sair');
    await page.close();
    bob.destroy();
  });

  it('joins rooms, counts unread messages, and keeps private conversations', async () => {
    const bob = await LineClient.join(port, 'beto');
    const lab = await LineClient.join(port, 'labi');
    lab.send('/join #lab\n');
    await lab.nextLine(/^\*\*\* Você entrou em #lab/);
    const page = await open('clara');
    await page.fill('#join-room', 'lab');
    await page.press('#join-room', 'Enter');
    await page.waitForSelector('#title:has-text("#lab")');
    await page.fill('#text', 'cheguei no lab');
    await page.press('#text', 'Enter');
    assert.equal(await lab.nextLine(/^clara >>/), 'clara >> cheguei no lab');
    bob.send('alguém no geral?\n');
    await page.waitForSelector('#rooms li:has-text("#geral") .badge:has-text("1")');
    bob.send('/msg clara segredo só pra você\n');
    await page.waitForSelector('#privates li:has-text("@beto")');
    await page.click('#privates li:has-text("@beto")');
    await page.waitForSelector('#messages li.private:has-text("segredo só pra você")');
    await page.fill('#text', 'recebido');
    await page.press('#text', 'Enter');
    assert.equal(await bob.nextLine(/^\[privado\] /), '[privado] clara >> recebido');
    await page.click('#rooms li:has-text("#geral")');
    await page.waitForSelector('#messages li:has-text("alguém no geral?")');
    assert.equal(await page.locator('#rooms li:has-text("#geral") .badge').count(), 0, 'read now');
    // Keyboard only: Tab to the #lab entry and press Enter.
    await page.locator('#rooms li:has-text("#lab")').focus();
    await page.keyboard.press('Enter');
    await page.waitForSelector('#title:has-text("#lab")');
    await page.close();
    bob.destroy();
    lab.destroy();
  });

  it('fits a phone-sized screen', async () => {
    const page = await open('fone', { width: 375, height: 667 });
    assert.ok(await page.locator('#toggle-side').isVisible(), 'the rooms menu button is shown');
    assert.ok(!(await page.locator('#side').isVisible()), 'the side list is folded away');
    assert.ok(await page.locator('#text').isVisible());
    await page.click('#toggle-side');
    assert.ok(await page.locator('#side').isVisible());
    const width = await page.evaluate('document.documentElement.scrollWidth');
    assert.ok(Number(width) <= 375, `no sideways scrolling (${width})`);
    await page.screenshot({ path: resolve(SHOTS, 'page-phone.png') });
    await page.close();
  });

  it('speaks English to an English browser, and loads older history when scrolled to the top', async () => {
    const own = await PapoServer.start(['--http-port', String(await freePort()), '--messages-per-second', '0', '--history-on-join', '20', '--lang', 'en']);
    const talker = await LineClient.join(own.port, 'talker');
    let batch = '';
    for (let i = 1; i <= 80; i++) batch += `old message ${i}\n`;
    talker.send(batch);
    const watcher = await LineClient.join(own.port, 'watcher');
    await watcher.nextLine(/old message 80/);
    const context = await browser.newContext({ viewport: { width: 1000, height: 500 }, locale: 'en-US' });
    const page = await context.newPage();
    await page.goto(`http://127.0.0.1:${own.httpPort}/`);
    assert.equal(await page.locator('#nick-label').innerText(), 'What is your nickname?');
    await page.fill('#nick', 'reader');
    await page.press('#nick', 'Enter');
    await page.waitForSelector('#messages li.history:has-text("old message 80")');
    assert.equal(await page.locator('#messages li.history').count(), 20);
    assert.equal(await page.locator('#send').innerText(), 'Send');
    await page.hover('#messages');
    await page.mouse.wheel(0, -10_000); // the reader scrolls up
    await page.waitForSelector('#messages li.history:has-text("old message 11")');
    assert.equal(await page.locator('#messages li.history').count(), 70);
    talker.send('/msg reader hi\n');
    await page.waitForSelector('#privates li:has-text("@talker")');
    await context.close();
    talker.destroy();
    watcher.destroy();
    await own.stop();
  });

  it('reconnects after the server restarts, with the same nickname and rooms', async () => {
    const page = await open('volta');
    await page.fill('#join-room', '#oficina');
    await page.press('#join-room', 'Enter');
    await page.waitForSelector('#title:has-text("#oficina")');
    await server.stop();
    await page.waitForSelector('#state.down');
    server = await PapoServer.start(['--port', String(port), '--http-port', String(httpPort)]);
    await page.waitForSelector('#state:not(.down)', { timeout: 20_000 });
    const other = await LineClient.join(port, 'outra');
    // The page is connected before it has gone back into its rooms: wait (bounded) until the
    // server has it in #oficina again, as a person would look with /quem.
    for (let i = 0; i < 100; i++) {
      other.send('/who #oficina\n');
      if ((await other.nextLine(/#oficina/)).includes('volta')) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    other.send('/join oficina\n');
    assert.match(await other.nextLine(/^\*\*\* Você entrou em #oficina/), /com volta/);
    await page.fill('#text', 'voltei');
    await page.press('#text', 'Enter');
    assert.equal(await other.nextLine(/^volta >>/), 'volta >> voltei');
    other.destroy();
    await page.close();
  });
});
