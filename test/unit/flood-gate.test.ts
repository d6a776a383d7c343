import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FloodGate } from '../../src/doors/flood-gate.ts';
import { TokenBucket } from '../../src/doors/token-bucket.ts';

describe('TokenBucket', () => {
  it('allows the burst at once, then the rate', () => {
    const b = new TokenBucket(5, 3, 0);
    assert.deepEqual([b.take(0), b.take(0), b.take(0), b.take(0)], [true, true, true, false]);
    assert.equal(b.msUntilNext(0), 200);
    assert.equal(b.take(199), false);
    assert.equal(b.take(200), true);
    assert.equal(b.take(10_000), true, 'refilled');
  });
});

describe('FloodGate', () => {
  it('runs the burst at once, delays the rest in order, and drops nothing', async () => {
    const ran: number[] = [];
    let flooded = false;
    const gate = new FloodGate<number>(200, 5, (n) => ran.push(n), () => (flooded = true));
    for (let i = 1; i <= 15; i++) gate.offer(i);
    assert.deepEqual(ran, [1, 2, 3, 4, 5], 'the burst ran at once');
    for (let i = 0; i < 100 && ran.length < 15; i++) await new Promise((r) => setTimeout(r, 10));
    assert.deepEqual(ran, Array.from({ length: 15 }, (_, i) => i + 1));
    assert.equal(flooded, false);
  });

  it('calls flooded once when the backlog passes ten seconds of input, and then lets nothing through', () => {
    const ran: number[] = [];
    let flooded = 0;
    const gate = new FloodGate<number>(2, 1, (n) => ran.push(n), () => flooded++);
    for (let i = 1; i <= 100; i++) gate.offer(i);
    assert.equal(flooded, 1);
    assert.deepEqual(ran, [1]);
    gate.offer(101);
    assert.deepEqual(ran, [1]);
  });

  it('lets everything through with a rate of 0', () => {
    const ran: number[] = [];
    const gate = new FloodGate<number>(0, 1, (n) => ran.push(n), () => assert.fail('no flood without a rate'));
    for (let i = 0; i < 1000; i++) gate.offer(i);
    assert.equal(ran.length, 1000);
  });
});
