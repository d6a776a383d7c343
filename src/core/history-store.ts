import type { PrivateEvent, SaidEvent } from './events.js';

/**
 * Where messages are kept (a port: SQLite in `src/store/`). `append` only queues: the
 * implementation makes the turn's messages durable in one transaction before that turn's
 * output is written to any socket, so nobody sees a message that a crash could lose.
 */
export interface HistoryStore {
  /** The highest message id kept, so ids keep increasing across restarts (0 when empty). */
  lastId(): number;
  append(message: SaidEvent): void;
  /** Private messages, kept only when the server is told to. */
  appendPrivate(message: PrivateEvent): void;
  /** Up to `limit` messages of `room` with ids below `beforeId` (all when null), oldest first. */
  recent(room: string, limit: number, beforeId: number | null): SaidEvent[];
  topic(room: string): string | null;
  setTopic(room: string, topic: string | null): void;
}
