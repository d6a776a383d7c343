import type { ChatEvent } from './events.js';

/**
 * Turns events into the bytes of one wire format. Pure; the hub calls it once per event for
 * each format among the recipients, never once per recipient.
 */
export interface Encoder {
  encode(event: ChatEvent): Buffer;
}

/**
 * When queued bytes must reach the socket: `now`, at the end of the current event-loop turn
 * (messages, answers); `soon`, within the door's short coalescing delay (presence notices:
 * someone entered or left), so that a join storm's notices share one write per peer instead of
 * one write per peer per join. Order is kept: bytes queued `soon` go out with any `now` bytes
 * queued after them.
 */
export type Urgency = 'now' | 'soon';

/**
 * What the hub knows of a connection: how to encode for it and where to queue bytes. A door
 * implements it; `send` only queues (the door decides when to write), so the hub does no I/O.
 */
export interface Peer {
  readonly encoder: Encoder;
  send(bytes: Buffer, when?: Urgency): void;
  /** Close the connection once what is queued has been written. */
  end(): void;
  /** Switch the output format, for doors whose connections can (the line protocol). */
  setFormat?(format: 'text' | 'json'): void;
}
