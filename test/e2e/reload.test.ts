import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { LineClient } from '../helpers/line-client.ts';
import { PapoServer } from '../helpers/server.ts';

describe('SIGHUP', () => {
  it('reloads the limits from the --config file; a bad file keeps the old ones', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'papo-reload-')), 'papo.json');
    writeFileSync(file, JSON.stringify({ 'max-line-bytes': 100, 'log-level': 'info' }));
    const s = await PapoServer.start(['--config', file, '--log-level', 'info']);
    const a = await LineClient.join(s.port, 'ana');
    a.send('x'.repeat(150) + '\n');
    assert.equal(await a.nextLine(/^\*\*\*/), '*** Linha longa demais (máximo 100 bytes); ela não foi enviada.');

    writeFileSync(file, JSON.stringify({ 'max-line-bytes': 200, 'history-max-days': 3 }));
    s.kill('SIGHUP');
    await s.waitFor((p) => p.stderr.includes('settings reloaded'), 'the reload');
    assert.match(s.stderr, /"needRestart":\["--history-max-days"\]/, 'a setting that needs a restart says so');
    const b = await LineClient.join(s.port, 'bia');
    b.send('y'.repeat(150) + '\n');
    assert.equal(await a.nextLine(/^bia >>/), `bia >> ${'y'.repeat(150)}`);

    writeFileSync(file, '{ not json');
    s.kill('SIGHUP');
    await s.waitFor((p) => p.stderr.includes('not valid; keeping the old ones'), 'the refusal');
    const c = await LineClient.join(s.port, 'caio');
    c.send('z'.repeat(150) + '\n');
    assert.equal(await a.nextLine(/^caio >>/), `caio >> ${'z'.repeat(150)}`);
    assert.equal(s.child.exitCode, null, 'still running');
    for (const x of [a, b, c]) x.destroy();
    await s.stop();
  });
});
