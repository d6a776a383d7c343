import type { Socket } from 'node:net';
import { StringDecoder } from 'node:string_decoder';
import { decodeJsonEvent } from '../codecs/json-codec.js';
import { LineSplitter } from '../codecs/line-splitter.js';
import type { ChatEvent } from '../core/events.js';
import type { ServerKind } from './detect.js';

/** What a transport reports to the client. */
export interface TransportListener {
  /** An event from a papo server (structured mode). */
  event(event: ChatEvent): void;
  /** A line of text from the original server (or anything that is not an event). */
  raw(line: string): void;
  /** The connection has closed. */
  closed(): void;
}

/** How the client talks to one kind of server. */
export interface Transport {
  readonly kind: ServerKind;
  sendNick(nick: string): void;
  say(line: string): void;
  /** Leave: the server closes the connection, and `closed` follows. */
  quit(): void;
  /** Close now, whatever is pending. */
  destroy(): void;
}

/** A papo server, in structured mode: lines out, one JSON event per line in. */
export class PapoTransport implements Transport {
  readonly kind = 'papo';
  readonly #socket: Socket;

  constructor(socket: Socket, rest: Buffer, listener: TransportListener) {
    this.#socket = socket;
    const splitter = new LineSplitter(16 * 1024 * 1024, {
      line(bytes) {
        const text = bytes.toString('utf8');
        const event = decodeJsonEvent(text);
        if (event !== null) listener.event(event);
        else if (text !== '') listener.raw(text);
      },
      lineTooLong() {},
    });
    socket.on('data', (chunk: Buffer) => splitter.push(chunk));
    socket.on('close', () => listener.closed());
    socket.on('error', () => {});
    socket.write('/format json\n');
    if (rest.length > 0) splitter.push(rest);
    socket.resume();
  }

  sendNick(nick: string): void {
    this.#write(nick);
  }

  say(line: string): void {
    this.#write(line);
  }

  quit(): void {
    this.#write('/quit');
    this.#socket.end();
  }

  destroy(): void {
    this.#socket.destroy();
  }

  #write(line: string): void {
    if (!this.#socket.destroyed) this.#socket.write(line.replace(/[\r\n]/g, ' ') + '\n');
  }
}

/**
 * The original Python server: bare nickname, bare messages, `sair` to leave (it never notices
 * a plain close). It treats each read as one message, so sends are spaced apart.
 */
export class OriginalTransport implements Transport {
  readonly kind = 'original';
  readonly #socket: Socket;
  readonly #gapMs: number;
  readonly #outbox: string[] = [];
  #timer: NodeJS.Timeout | null = null;
  #lastSendAt = 0;
  #quitting = false;

  constructor(socket: Socket, rest: Buffer, listener: TransportListener, gapMs: number) {
    this.#socket = socket;
    this.#gapMs = gapMs;
    const decoder = new StringDecoder('utf8');
    const onText = (text: string): void => {
      for (const line of text.split(/\r?\n/)) if (line !== '') listener.raw(line);
    };
    socket.on('data', (chunk: Buffer) => onText(decoder.write(chunk)));
    socket.on('close', () => {
      if (this.#timer !== null) clearTimeout(this.#timer);
      listener.closed();
    });
    socket.on('error', () => {});
    if (rest.length > 0) onText(decoder.write(rest));
    socket.resume();
  }

  sendNick(nick: string): void {
    this.#enqueue(nick);
  }

  say(line: string): void {
    if (line !== '') this.#enqueue(line);
  }

  quit(): void {
    if (this.#quitting) return;
    this.#quitting = true;
    this.#enqueue('sair');
  }

  destroy(): void {
    this.#socket.destroy();
  }

  #enqueue(text: string): void {
    this.#outbox.push(text);
    this.#pump();
  }

  #pump(): void {
    if (this.#timer !== null || this.#socket.destroyed) return;
    const wait = this.#lastSendAt + this.#gapMs - Date.now();
    if (wait > 0) {
      this.#timer = setTimeout(() => {
        this.#timer = null;
        this.#pump();
      }, wait);
      return;
    }
    const next = this.#outbox.shift();
    if (next === undefined) return;
    this.#socket.write(Buffer.from(next, 'utf8'));
    this.#lastSendAt = Date.now();
    if (this.#outbox.length > 0) this.#pump();
    else if (this.#quitting) this.#socket.end();
  }
}
