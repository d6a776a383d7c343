import * as wsModule from 'ws';
import type { ChatEvent } from '../core/events.js';
import type { Encoder } from '../core/peer.js';

// ws frames a message with `Sender.frame`, which @types/ws does not declare: this is the part
// of it papo uses (a server frame is never masked).
interface FrameOptions {
  fin: boolean;
  opcode: number;
  mask: boolean;
  readOnly: boolean;
  rsv1: boolean;
}
const frame = (wsModule as unknown as { Sender: { frame(data: Buffer, options: FrameOptions): Buffer[] } }).Sender.frame;
const TEXT_FRAME: FrameOptions = { fin: true, opcode: 0x1, mask: false, readOnly: false, rsv1: false };

/**
 * The WebSocket door's format: each event as one complete WebSocket text frame (header and
 * JSON payload, RFC 6455 §5.2), made once per event and shared by every WebSocket recipient,
 * so the door writes frames straight to the socket as the TCP door writes lines.
 */
export class WsCodec implements Encoder {
  encode(event: ChatEvent): Buffer {
    const parts = frame(Buffer.from(JSON.stringify(event), 'utf8'), TEXT_FRAME);
    return parts.length === 1 ? parts[0]! : Buffer.concat(parts);
  }
}

/** What a browser (or any WebSocket client) sends: a line as typed, in a room it is in. */
export interface WsLine {
  readonly type: 'line';
  readonly text: string;
  /** The room a message goes to, or a command acts in; the session's current room if absent. */
  readonly room?: string;
}

/** Parses one frame from a client; null when it is not a valid `WsLine`. */
export function decodeWsLine(data: string): WsLine | null {
  let value: unknown;
  try {
    value = JSON.parse(data);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const v = value as { type?: unknown; text?: unknown; room?: unknown };
  if (v.type !== 'line' || typeof v.text !== 'string') return null;
  if (v.room !== undefined && typeof v.room !== 'string') return null;
  return v.room === undefined ? { type: 'line', text: v.text } : { type: 'line', text: v.text, room: v.room };
}
