import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ROOT } from '../helpers/paths.ts';

describe("papo's Node flags", () => {
  it('are the same whether papo is started by npm start, by the papo command, or by the bench', () => {
    const start = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).scripts.start as string;
    const fromStart = /^node((?: --[^ ]+)*) dist\/cli\.js serve$/.exec(start);
    assert.ok(fromStart, `npm start is "node [flags] dist/cli.js serve": ${start}`);
    const shebang = readFileSync(join(ROOT, 'src/cli.ts'), 'utf8').split('\n')[0]!;
    const fromShebang = /^#!\/usr\/bin\/env -S node((?: --[^ ]+)*)$/.exec(shebang);
    assert.ok(fromShebang, `src/cli.ts starts with "#!/usr/bin/env -S node [flags]": ${shebang}`);
    assert.equal(fromShebang[1], fromStart[1]);
    assert.match(fromStart[1]!, /--max-semi-space-size=\d+/, 'a small young generation: idle connections cost less memory');
  });
});
