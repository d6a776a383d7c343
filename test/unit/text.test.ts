import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseLine } from '../../src/codecs/line-command.ts';
import { incompleteUtf8Tail } from '../../src/codecs/utf8.ts';
import { sanitizeText } from '../../src/core/sanitize.ts';

describe('sanitizeText', () => {
  it('leaves ordinary text of any script alone', () => {
    for (const t of ['olá, tudo bem?', '日本語', 'مرحبا', '😀👍🏽', 'a > b && c < d']) assert.equal(sanitizeText(t), t);
  });

  it('removes terminal escape sequences whole, parameters included', () => {
    assert.equal(sanitizeText('\x1b[31mred\x1b[0m'), 'red');
    assert.equal(sanitizeText('a\x1b[2J\x1b[Hb'), 'ab');
    assert.equal(sanitizeText('\x1b]0;title\x07x'), 'x');
    assert.equal(sanitizeText('\x1b]8;;http://e.x\x1b\\link\x1b]8;;\x1b\\'), 'link');
    assert.equal(sanitizeText('\x9b31mc1'), 'c1');
    assert.equal(sanitizeText('end\x1b'), 'end');
  });

  it('removes control characters and bidi overrides; a tab becomes a space', () => {
    assert.equal(sanitizeText('a\x00b\x07c\x08d\rr\x7f'), 'abcdr');
    assert.equal(sanitizeText('a\tb'), 'a b');
    assert.equal(sanitizeText('abc\u202edcba\u202c'), 'abcdcba');
    assert.equal(sanitizeText('x\u2066y\u2069'), 'xy');
  });

  it('never leaves a control character, whatever the input', () => {
    for (let i = 0; i < 2000; i++) {
      let s = '';
      for (let j = 0; j < 20; j++) s += String.fromCharCode(Math.floor(Math.random() * 0x300));
      const out = sanitizeText(s);
      assert.doesNotMatch(out, /[\u0000-\u001f\u007f-\u009f]/);
    }
  });
});

describe('parseLine', () => {
  it('reads sair in any case as leaving, like the original', () => {
    for (const t of ['sair', 'SAIR', 'Sair', ' sair ']) assert.deepEqual(parseLine(t), { kind: 'quit' });
    assert.deepEqual(parseLine('sair já'), { kind: 'say', text: 'sair já' });
  });

  it('reads slash commands with their arguments, and // as a message starting with /', () => {
    assert.deepEqual(parseLine('/format  json'), { kind: 'slash', name: 'format', args: ['json'], rest: 'json' });
    assert.deepEqual(parseLine('/msg bob  olá,  tudo bem?'), { kind: 'slash', name: 'msg', args: ['bob', 'olá,', 'tudo', 'bem?'], rest: 'bob  olá,  tudo bem?' });
    assert.deepEqual(parseLine('//etc/passwd'), { kind: 'say', text: '/etc/passwd' });
    assert.deepEqual(parseLine('olá'), { kind: 'say', text: 'olá' });
  });
});

describe('incompleteUtf8Tail', () => {
  it('finds a character cut at the end of a read', () => {
    const bytes = Buffer.from('aé日😀', 'utf8');
    // a(1) é(2) 日(3) 😀(4)
    const expected = [0, 0, 1, 0, 1, 2, 0, 1, 2, 3, 0];
    for (let n = 0; n <= bytes.length; n++) assert.equal(incompleteUtf8Tail(bytes.subarray(0, n)), expected[n], `at ${n}`);
  });

  it('does not hold bytes that can never complete a character', () => {
    assert.equal(incompleteUtf8Tail(Buffer.from([0x61, 0xff])), 0);
    assert.equal(incompleteUtf8Tail(Buffer.from([0x80, 0x80, 0x80])), 0);
  });
});
