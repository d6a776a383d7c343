import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Hub } from '../core/hub.js';
import type { CutOffReason } from '../doors/line-door-context.js';

/** Where the metrics read their figures when Prometheus asks (nothing is counted twice). */
/** A door as the metrics see it: its name and its open connections. */
export interface CountedDoor {
  readonly name: string;
  readonly connections: ReadonlySet<{ readonly sendQueueBytes: number }>;
}

export interface MetricSources {
  readonly hub: Hub;
  readonly doors: readonly CountedDoor[];
  readonly cutOffs: ReadonlyMap<CutOffReason, number>;
}

/**
 * papo's Prometheus metrics. Totals are read from the hub and the doors at scrape time, so the
 * hot path pays an integer increment, not a metrics call.
 */
export class Metrics {
  readonly registry = new Registry();
  /** Seconds each history commit (one per turn with messages) took. */
  readonly historyCommitSeconds: Histogram;

  constructor(sources: MetricSources) {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry, prefix: 'papo_' }); // includes event-loop lag
    const { hub, doors, cutOffs } = sources;
    new Gauge({
      name: 'papo_connections',
      help: 'Open connections, by door.',
      labelNames: ['door'],
      registers,
      collect() {
        this.reset();
        for (const d of doors) this.inc({ door: d.name }, d.connections.size);
      },
    });
    new Gauge({
      name: 'papo_sessions',
      help: 'Sessions open in the hub, registered or not.',
      registers,
      collect() {
        this.set(hub.sessionCount);
      },
    });
    const total = (name: string, help: string, read: () => number) =>
      new Counter({
        name,
        help,
        registers,
        collect() {
          this.reset();
          this.inc(read());
        },
      });
    total('papo_messages_total', 'Room messages accepted.', () => hub.stats.messages);
    total('papo_private_messages_total', 'Private messages accepted.', () => hub.stats.privateMessages);
    total('papo_deliveries_total', 'Events queued to peers (one per recipient).', () => hub.stats.deliveries);
    new Counter({
      name: 'papo_cutoffs_total',
      help: 'Connections cut off or refused, by reason.',
      labelNames: ['reason'],
      registers,
      collect() {
        this.reset();
        for (const [reason, n] of cutOffs) this.inc({ reason }, n);
      },
    });
    new Gauge({
      name: 'papo_send_queue_bytes',
      help: 'Bytes waiting for peers, summed over connections.',
      registers,
      collect() {
        let bytes = 0;
        for (const d of doors) for (const c of d.connections) bytes += c.sendQueueBytes;
        this.set(bytes);
      },
    });
    this.historyCommitSeconds = new Histogram({
      name: 'papo_history_commit_seconds',
      help: 'Time to write one turn of messages to SQLite.',
      buckets: [0.0001, 0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5],
      registers,
    });
  }
}
