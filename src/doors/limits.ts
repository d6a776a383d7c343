/**
 * The limits every line-protocol connection obeys, in one object shared by the doors, so that
 * a reload (SIGHUP with `--config`) changes them in place. Line length and the message rate are
 * read when a connection opens (they shape its parser and token bucket); the rest on each use.
 */
export interface Limits {
  /** Longest input line, bytes. */
  maxLineBytes: number;
  /** Bytes a peer may leave unread before it is cut off. */
  sendQueueBytes: number;
  /** Input lines a second per connection (token bucket); 0 for no limit. */
  messagesPerSecond: number;
  /** Lines a connection may send at once before the rate applies. */
  messageBurst: number;
  /** Time to send a nickname, ms; 0 waits forever. */
  nickTimeoutMs: number;
  /** Silence after which a structured client is pinged, and after another, cut off; 0: never. */
  idleTimeoutMs: number;
  /** Connections in all; 0: no limit. */
  maxConnections: number;
  /** Connections from one address, exempt ones not counted; 0: no limit. */
  maxConnectionsPerAddress: number;
}
