import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { caseKey, checkNickname, coerceNickname, freeVariant, nicknameKeys } from '../../src/core/nickname.ts';

describe('nicknames', () => {
  it('accepts letters of any script, digits and _ - . up to 32 characters', () => {
    for (const n of ['ana', 'João', 'Zoë_2', 'a.b-c', 'Ελένη', 'Борис', '李雷', 'मोहन', 'x'.repeat(32), '7']) {
      assert.deepEqual(checkNickname(n), { ok: true, nick: n.normalize('NFC') }, n);
    }
  });

  it('refuses empty, too long and other characters, with the reason', () => {
    assert.deepEqual(checkNickname('  '), { ok: false, code: 'NICK_EMPTY' });
    assert.deepEqual(checkNickname('x'.repeat(33)), { ok: false, code: 'NICK_TOO_LONG' });
    for (const n of ['ana maria', 'a>b', '*', 'a\u001b[31m', 'emoji😀', '\u0301a', 'a/b']) {
      assert.deepEqual(checkNickname(n), { ok: false, code: 'NICK_BAD_CHAR' }, n);
    }
  });

  it('counts characters, not bytes or UTF-16 units', () => {
    assert.equal(checkNickname('日'.repeat(32)).ok, true);
    assert.equal(checkNickname('𝒜'.repeat(32)).ok, true);
  });

  it('is unique ignoring case, including ß and final sigma', () => {
    assert.equal(caseKey('Ana'), caseKey('aNA'));
    assert.equal(caseKey('Straße'), caseKey('STRASSE'));
    assert.equal(caseKey('STRAẞE'), caseKey('strasse'));
    assert.equal(caseKey('ΟΔΥΣΣΕΥΣ'), caseKey('οδυσσευς'));
    assert.equal(caseKey('e\u0301'), caseKey('é'));
  });

  it('counts look-alike letters of other scripts and compatibility forms as the Latin ones', () => {
    const conflict = (a: string, b: string) => nicknameKeys(a).some((k) => nicknameKeys(b).includes(k));
    for (const fake of ['аnа', 'АNА', 'ΑΝΑ', '𝔞𝔫𝔞', 'ａｎａ', 'ANA']) assert.ok(conflict(fake, 'ana'), fake);
    assert.ok(conflict('раураl', 'PayPal'));
    assert.ok(conflict('ανα', 'ava'), 'lower-case Greek looks like ava');
    assert.ok(conflict('ana²', 'ana2'));
    for (const [a, b] of [['João', 'Joao'], ['Борис', 'Boris'], ['李雷', '李電'], ['ana', 'ama'], ['Ana', 'An4']]) {
      assert.ok(!conflict(a, b), `${a} and ${b} are different people`);
    }
  });

  it('makes a usable nickname out of anything the original client sends', () => {
    assert.equal(coerceNickname('ana maria', 'anonimo'), 'ana_maria');
    assert.equal(coerceNickname('***', 'anonimo'), 'anonimo');
    assert.equal(coerceNickname('x'.repeat(50), 'anonimo'), 'x'.repeat(32));
    assert.equal(checkNickname(coerceNickname('\u0301😀a b', 'z')).ok, true);
  });

  it('finds a free variant within the length limit', () => {
    const taken = new Set(['ana', 'ana2']);
    assert.equal(freeVariant('ana', (n) => !taken.has(n)), 'ana3');
    const long = 'y'.repeat(32);
    const v = freeVariant(long, (n) => n !== long);
    assert.equal(v, 'y'.repeat(31) + '2');
  });
});
