import type { ChatEvent } from '../core/events.js';
import type { Encoder } from '../core/peer.js';

/** Structured mode: one JSON object per line, exactly the `ChatEvent` types. */
export class JsonCodec implements Encoder {
  encode(event: ChatEvent): Buffer {
    return Buffer.from(JSON.stringify(event) + '\n', 'utf8');
  }
}

/** Reads one line of structured output back into an event; null when it is not one. */
export function decodeJsonEvent(line: string): ChatEvent | null {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const type = (value as { type?: unknown }).type;
  return typeof type === 'string' ? (value as ChatEvent) : null;
}
