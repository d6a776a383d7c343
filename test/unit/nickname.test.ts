import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkNickname, coerceNickname, freeVariant, nicknameKey } from '../../src/core/nickname.ts';

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
    assert.equal(nicknameKey('Ana'), nicknameKey('aNA'));
    assert.equal(nicknameKey('Straße'), nicknameKey('STRASSE'));
    assert.equal(nicknameKey('ΟΔΥΣΣΕΥΣ'), nicknameKey('οδυσσευς'));
    assert.equal(nicknameKey('e\u0301'), nicknameKey('é'));
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
