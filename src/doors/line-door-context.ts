import type { Logger } from 'pino';
import type { LeaveReason } from '../core/events.js';
import type { Hub } from '../core/hub.js';
import type { Encoder } from '../core/peer.js';
import type { FlushScheduler } from './flush-scheduler.js';
import type { Limits } from './limits.js';
import type { LineConnection } from './line-connection.js';

/** The encoders of the line protocol, one instance each per server (so bytes can be shared). */
export interface LineCodecs {
  readonly text: Encoder;
  readonly original: Encoder;
  readonly json: Encoder;
}

/** Counters a door reports to (the metrics registry, later; a plain tally now). */
export interface DoorCounters {
  /** A connection was cut off, or (`server-full`, `too-many-from-address`) refused. */
  cutOff(reason: CutOffReason): void;
}

/** Why a connection was cut off or refused. */
export type CutOffReason = LeaveReason | 'server-full' | 'too-many-from-address';

/** What every line-protocol connection of one door shares. */
export interface LineDoorContext {
  readonly hub: Hub;
  readonly codecs: LineCodecs;
  readonly scheduler: FlushScheduler;
  readonly logger: Logger;
  readonly count: DoorCounters;
  /** Limits, shared and changed in place on reload. */
  readonly limits: Limits;
  /** Silence after unterminated first bytes that marks the original client, ms. */
  readonly originalDetectMs: number;
  /** Least time between two writes to an original client, ms. */
  readonly originalWriteGapMs: number;
  /** TCP keep-alive probe delay, ms. */
  readonly keepAliveMs: number;
  /** How long a closing connection may take to take its last bytes, ms. */
  readonly endTimeoutMs: number;
  /** A connection has closed. */
  closed(connection: LineConnection): void;
}
