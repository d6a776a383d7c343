import type { ChatEvent } from './events.js';

/**
 * Turns events into the bytes of one wire format. Pure; the hub calls it once per event for
 * each format among the recipients, never once per recipient.
 */
export interface Encoder {
  encode(event: ChatEvent): Buffer;
  /**
   * Bytes put between two events encoded into one buffer (the hub's presence batches): none for
   * formats whose events end themselves (a line end, a frame); the original client's LF.
   */
  readonly separator?: Buffer;
}

/**
 * What the hub knows of a connection: how to encode for it and where to queue bytes. A door
 * implements it; `send` only queues (the door decides when to write), so the hub does no I/O.
 */
export interface Peer {
  readonly encoder: Encoder;
  send(bytes: Buffer): void;
  /** Close the connection once what is queued has been written. */
  end(): void;
  /** Switch the output format, for doors whose connections can (the line protocol). */
  setFormat?(format: 'text' | 'json'): void;
}
