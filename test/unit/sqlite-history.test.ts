import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { SaidEvent } from '../../src/core/events.ts';
import { SqliteHistory } from '../../src/store/sqlite-history.ts';

describe('SqliteHistory', () => {
  it('keeps every message of a busy turn, whatever its size, in order and field for field', () => {
    // Turn sizes around the 32-row statements: fewer, exactly, and more with a remainder.
    for (const count of [1, 31, 32, 33, 64, 100]) {
      const history = new SqliteHistory(':memory:', { maxMessagesPerRoom: 1000 });
      const sent: SaidEvent[] = [];
      for (let i = 1; i <= count; i++) {
        const event: SaidEvent = { type: 'said', id: i, time: 1_764_000_000_000 + i, room: i % 3 === 0 ? '#lab' : '#geral', nick: `n${i % 7}`, text: `mensagem ${i} ✓`, ...(i % 5 === 0 ? { action: true } : {}) };
        sent.push(event);
        history.append(event);
      }
      assert.equal(history.commit(), count);
      for (const room of ['#geral', '#lab']) {
        const expected = sent.filter((m) => m.room === room);
        assert.deepEqual(history.recent(room, 200, null), expected, `${count} messages, ${room}`);
      }
      assert.equal(history.lastId(), count);
      history.close();
    }
  });
});
