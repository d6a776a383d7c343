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
  it('--quick --only papo builds the load generator, drives papo over TCP and WebSocket, in a big room, with a slow consumer and with churn, holds idle connections and writes a well-formed result', async () => {
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

      // issue 6, scenario 2: the big room, open loop (no rate or latency asserted)
      const bigroom = result.scenarios.find((s: { id: string }) => s.id === 'bigroom');
      assert.ok(bigroom, 'the big-room scenario');
      assert.deepEqual(Object.keys(bigroom.results), ['papo'], 'papo only');
      assert.equal(bigroom.params.receivers, 200);
      assert.equal(bigroom.params.clients.papo, 201, 'the senders are in the room too');
      const big = bigroom.results.papo;
      for (const key of [...FIGURES, 'connect_seconds', 'send_lag_max_us', 'rss_max_kib', 'rss_over_time']) assert.ok(key in big, `the big-room result has ${key}`);
      assert.ok(big.sent > 0);
      assert.equal(big.expected, big.sent * bigroom.params.receivers, 'every message expected at every receiver');
      assert.equal(big.deliveries, big.expected);
      assert.equal(big.lost, 0);
      assert.equal(big.duplicates, 0);
      assert.deepEqual(big.errors, []);
      assert.ok(big.latency_p50_us <= big.latency_p99_us && big.latency_p99_us <= big.latency_max_us);
      assert.equal(typeof big.rss_max_kib, 'number');
      assert.ok(Array.isArray(big.rss_over_time.kib) && big.rss_over_time.kib.length > 0);
      assert.deepEqual(Object.keys(bigroom.ratios), [], 'no baseline, no ratio');

      // issue 6, scenario 4: a slow consumer, the run without it and the run with it
      const slow = result.scenarios.find((s: { id: string }) => s.id === 'slow');
      assert.ok(slow, 'the slow-consumer scenario');
      assert.deepEqual(Object.keys(slow.results), ['papo'], 'papo only');
      const pair = slow.results.papo;
      assert.equal(pair.failed, false);
      for (const [label, r] of [['without', pair.without], ['with', pair.with]] as const) {
        for (const key of [...FIGURES, 'rss_start_kib', 'rss_max_kib', 'rss_over_time']) assert.ok(key in r, `the run ${label} the slow client has ${key}`);
        assert.ok(r.deliveries > 0);
        assert.equal(r.lost, 0, `nothing lost ${label} the slow client`);
        assert.equal(r.duplicates, 0);
        assert.equal(r.expected, r.sent * (slow.params.clients - 1), 'the slow client is no receiver');
        assert.deepEqual(r.errors, []);
        assert.ok(r.rss_over_time.kib.length > 0);
      }
      assert.equal(pair.with.slow_clients, 1);
      assert.equal(pair.with.slow_registered, 1, 'the slow client registered');
      assert.equal(typeof pair.with.slow_cut_off, 'boolean', 'cut off or not, said as a boolean');
      assert.equal(pair.slow_cut_off, pair.with.slow_cut_off);
      assert.equal(pair.with.slow_end.length, 1);
      assert.ok(!('slow_cut_off' in pair.without), 'no slow client in the run without');
      assert.equal(typeof pair.others_p99_with_over_without, 'number');
      assert.equal(pair.rss_max_kib_with, pair.with.rss_max_kib);
      assert.equal(pair.rss_max_kib_without, pair.without.rss_max_kib);

      // issue 6, scenario 5: churn while the big room runs
      const churn = result.scenarios.find((s: { id: string }) => s.id === 'churn');
      assert.ok(churn, 'the churn scenario');
      assert.deepEqual(Object.keys(churn.results), ['papo'], 'papo only');
      const ch = churn.results.papo;
      const CHURN_KEYS = ['churn_started', 'churn_opened', 'churn_registered', 'churn_closed', 'churn_failed', 'churn_abandoned', 'churn_seconds', 'churn_opened_per_second', 'churn_closed_per_second', 'churn_register_p50_ms', 'churn_register_p99_ms'];
      for (const key of [...FIGURES, ...CHURN_KEYS, 'bigroom_latency_p99_us', 'p99_with_churn_over_without']) assert.ok(key in ch, `the churn result has ${key}`);
      assert.ok(ch.churn_opened > 0, 'churn connections opened');
      assert.ok(ch.churn_closed > 0, 'churn connections registered and closed');
      assert.ok(ch.churn_closed <= ch.churn_registered && ch.churn_registered <= ch.churn_opened && ch.churn_opened <= ch.churn_started);
      assert.equal(ch.churn_closed + ch.churn_failed + ch.churn_abandoned, ch.churn_started, 'every churn connection accounted for');
      assert.equal(ch.expected, ch.sent * bigroom.params.receivers, 'churn connections are no receivers');
      assert.equal(ch.deliveries, ch.expected);
      assert.equal(ch.lost, 0);
      assert.equal(ch.duplicates, 0);
      assert.equal(ch.bigroom_latency_p99_us, big.latency_p99_us, "beside the big room's p99 of the same run");
      assert.deepEqual(churn.params.papo_extra_flags, ['--max-connections', '5000']);

      const md = readFileSync(join(out, 'quick.md'), 'utf8');
      assert.match(md, /## Big room: 200 receivers/);
      assert.match(md, /## Slow consumer: /);
      assert.match(md, /\| papo \| [\d.]+ \| [\d.]+ \| [\d.]+× \| [\d,]+ \| [\d,]+ \| 0 \| 0 \| (yes|no) \|/, 'the slow-consumer table');
      assert.match(md, /## Churn: /);
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
