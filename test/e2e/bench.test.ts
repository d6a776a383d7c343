import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { promisify } from 'node:util';
import { ROOT } from '../helpers/paths.ts';

const run = promisify(execFile);

/** The figures every target's result carries (bench/run.mjs, FIGURES). */
const FIGURES = [
  'deliveries',
  'expected',
  'lost',
  'duplicates',
  'sent',
  'seconds',
  'deliveries_per_second',
  'latency_p50_us',
  'latency_p99_us',
  'latency_max_us',
  'server_cpu_seconds',
  'errors',
];

describe('npm run bench', () => {
  it('--quick --only papo builds the load generator, drives papo over TCP and WebSocket, holds idle connections and writes a well-formed result', async () => {
    const out = mkdtempSync(join(tmpdir(), 'papo-bench-test-'));
    try {
      const { stdout } = await run(process.execPath, ['bench/run.mjs', '--quick', '--only', 'papo', '--out', out], {
        cwd: ROOT,
        timeout: 50_000,
        killSignal: 'SIGKILL',
      });
      const result = JSON.parse(readFileSync(join(out, 'quick.json'), 'utf8'));
      assert.equal(result.mode, 'quick');
      assert.equal(result.targets.papo.status, 'ran');
      assert.deepEqual(Object.keys(result.targets), ['papo'], 'only papo');
      assert.deepEqual(result.papo_flags, ['--messages-per-second', '0', '--max-connections-per-address', '0']);
      assert.ok(result.machine.cores >= 1);

      const fanout = result.scenarios.find((s: { id: string }) => s.id === 'fanout');
      assert.ok(fanout, 'the fan-out scenario');
      const papo = fanout.results.papo;
      for (const key of FIGURES) assert.ok(key in papo, `papo's result has ${key}`);
      assert.ok(papo.deliveries > 0);
      assert.equal(papo.lost, 0);
      assert.equal(papo.duplicates, 0);
      assert.equal(papo.expected, papo.sent * (fanout.params.clients - 1), 'every message expected at every client but its sender');
      assert.equal(papo.deliveries, papo.expected);
      assert.deepEqual(papo.errors, []);
      assert.ok(papo.deliveries_per_second > 0);
      assert.ok(papo.latency_p50_us > 0 && papo.latency_p50_us <= papo.latency_p99_us && papo.latency_p99_us <= papo.latency_max_us);
      assert.equal(fanout.runs.papo.length, result.repeat * fanout.params.windows.length, 'every run is kept');
      assert.ok(fanout.params.windows.includes(papo.window));

      // issue 8: the same fan-out over papo's WebSocket door, shown beside the TCP figure
      const ws = result.scenarios.find((s: { id: string }) => s.id === 'ws-fanout');
      assert.ok(ws, 'the WebSocket fan-out scenario');
      assert.equal(ws.protocol, 'ws');
      assert.deepEqual(Object.keys(ws.results), ['papo'], 'papo only');
      const overWs = ws.results.papo;
      for (const key of FIGURES) assert.ok(key in overWs, `the WebSocket result has ${key}`);
      assert.ok(overWs.deliveries > 0);
      assert.equal(overWs.lost, 0);
      assert.equal(overWs.duplicates, 0);
      assert.equal(overWs.expected, overWs.sent * (ws.params.clients - 1), 'every message expected at every WebSocket client but its sender');
      assert.deepEqual(overWs.errors, []);
      assert.equal(ws.compare.scenario, 'fanout');
      assert.equal(ws.compare.tcp.deliveries_per_second, papo.deliveries_per_second, "beside papo's TCP figure of the same run");
      assert.equal(typeof ws.compare.ws_over_tcp, 'number');

      // issue 6, scenario 3: idle connections, resident memory per connection (no figure asserted)
      const idle = result.scenarios.find((s: { id: string }) => s.id === 'idle');
      assert.ok(idle, 'the idle scenario');
      assert.deepEqual(Object.keys(idle.results), ['papo'], 'papo only');
      assert.deepEqual(idle.params.counts.papo, [200]);
      assert.equal(idle.results.papo.length, 1);
      const held = idle.results.papo[0];
      assert.equal(held.connections, 200);
      for (const key of ['registered', 'open_at_end', 'held_all', 'rss_before_kib', 'rss_after_kib', 'rss_per_connection_bytes', 'errors']) {
        assert.ok(key in held, `the idle result has ${key}`);
      }
      assert.equal(held.registered, 200, 'every connection registered');
      assert.equal(held.open_at_end, 200, 'every connection still open at the end');
      assert.equal(held.held_all, true);
      assert.equal(typeof held.rss_per_connection_bytes, 'number');
      assert.deepEqual(held.errors, []);

      const md = readFileSync(join(out, 'quick.md'), 'utf8');
      assert.match(md, /\| papo \| 200 \| 200 \| 200 \| yes \|/, 'the idle table');
      assert.match(md, /\| WebSocket \| \d+ \| [\d,]+ \|/);
      assert.match(md, /WebSocket ÷ TCP, deliveries\/s: [\d.]+/);
      assert.match(md, /\| papo \| [\d,]+ \|/);
      assert.match(md, /--messages-per-second 0/, 'the table says the flood limits were raised');
      assert.equal(stdout.trim(), md.trim(), 'the table is printed too');
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
