import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LineSplitter } from '../../src/codecs/line-splitter.ts';

/** Feeds `input` in the given pieces and returns what the splitter produced. */
function split(pieces: Buffer[], max = 64): string[] {
  const out: string[] = [];
  const splitter = new LineSplitter(max, {
    line: (b) => out.push(b.toString('utf8')),
    lineTooLong: () => out.push('<too long>'),
  });
  for (const p of pieces) splitter.push(p);
  return out;
}

/** Every way of cutting `bytes` into two pieces, and into single bytes. */
function cuts(bytes: Buffer): Buffer[][] {
  const ways: Buffer[][] = [[bytes]];
  for (let i = 1; i < bytes.length; i++) ways.push([bytes.subarray(0, i), bytes.subarray(i)]);
  ways.push(Array.from(bytes, (b) => Buffer.from([b])));
  return ways;
}

describe('LineSplitter', () => {
  it('gives the same lines however the input is cut, including inside multi-byte characters', () => {
    const input = Buffer.from('olá\r\n日本語 ok\n\n😀 emoji\r\nfim\n', 'utf8');
    const expected = ['olá', '日本語 ok', '', '😀 emoji', 'fim'];
    for (const pieces of cuts(input)) assert.deepEqual(split(pieces), expected);
  });

  it('holds an unfinished line until its line end arrives', () => {
    assert.deepEqual(split([Buffer.from('abc')]), []);
    assert.deepEqual(split([Buffer.from('abc'), Buffer.from('def\n')]), ['abcdef']);
  });

  it('accepts a line of exactly the limit, with LF or CRLF, however it is cut', () => {
    const line = 'x'.repeat(64);
    for (const input of [line + '\n', line + '\r\n']) {
      for (const pieces of cuts(Buffer.from(input))) assert.deepEqual(split(pieces), [line]);
    }
  });

  it('reports a line over the limit once, drops it, and goes on with the next line', () => {
    const input = Buffer.from('y'.repeat(65) + '\nnext\n' + 'z'.repeat(200) + '\r\nlast\n');
    for (const pieces of cuts(input)) assert.deepEqual(split(pieces), ['<too long>', 'next', '<too long>', 'last']);
  });

  it('keeps no more than the limit in memory while a line goes on without end', () => {
    const splitter = new LineSplitter(100, { line: () => {}, lineTooLong: () => {} });
    for (let i = 0; i < 1000; i++) splitter.push(Buffer.alloc(1000, 0x41));
    assert.ok(splitter.pendingBytes <= 101);
  });

  it('turns invalid UTF-8 into U+FFFD when a line is decoded', () => {
    assert.deepEqual(split([Buffer.from([0x61, 0xff, 0xc3, 0x0a])]), ['a\ufffd\ufffd']);
  });
});
