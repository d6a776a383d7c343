import type { Catalog } from '../codecs/catalog.js';
import type { ChatEvent } from '../core/events.js';
import type { Detected } from './detect.js';
import { Renderer, type RenderOptions } from './render.js';
import type { UiListener } from './terminal-ui.js';
import { OriginalTransport, PapoTransport, type Transport, type TransportListener } from './transport.js';
import type { ClientWords } from './words.js';

/** The screen, as the client uses it (see `TerminalUi`). */
export interface Ui {
  readonly interactive: boolean;
  print(line: string): void;
  replaceEntered(entered: string, line: string): void;
  setPrompt(prompt: string): void;
  close(): void;
}

export interface JoinClientOptions {
  readonly detected: Detected;
  /** The server's address as shown to the user. */
  readonly address: string;
  /** From `--nick`; null asks (a terminal) or takes the first input line (a script). */
  readonly nick: string | null;
  readonly catalog: Catalog;
  readonly words: ClientWords;
  readonly render: RenderOptions;
  makeUi(listener: UiListener): Ui;
  exit(status: number): void;
}

/**
 * Where the client is:
 * - `nick`: the next input line is a nickname;
 * - `registering`: a nickname was sent, the answer has not come (input waits in a queue);
 * - `chat`: lines are messages and commands;
 * - `leaving`: we asked to leave and wait for the server to close;
 * - `done`: the exit status has been given.
 */
type State = 'nick' | 'registering' | 'chat' | 'leaving' | 'done';

/** Time to wait for the server to close after we leave, ms. */
const LEAVE_TIMEOUT_MS = 3000;
/** Least gap between two sends to the original server, which reads one message per recv, ms. */
const ORIGINAL_SEND_GAP_MS = 200;

/** `papo join`'s logic: registration, the chat loop, leaving; input and output through a `Ui`. */
export class JoinClient implements UiListener, TransportListener {
  readonly #opts: JoinClientOptions;
  readonly #renderer: Renderer;
  #ui!: Ui;
  #transport!: Transport;
  #state: State = 'nick';
  #nick: string | null = null;
  #pending: string[] = [];
  #inputEnded = false;
  #serverClosing = false;

  constructor(opts: JoinClientOptions) {
    this.#opts = opts;
    this.#renderer = new Renderer(opts.catalog, opts.render);
  }

  start(): void {
    const { detected } = this.#opts;
    this.#ui = this.#opts.makeUi(this);
    this.#transport =
      detected.kind === 'papo'
        ? new PapoTransport(detected.socket, detected.rest, this)
        : new OriginalTransport(detected.socket, detected.rest, this, ORIGINAL_SEND_GAP_MS);
    const w = this.#opts.words;
    this.#note(detected.kind === 'papo' ? w.connectedPapo(this.#opts.address) : w.connectedOriginal(this.#opts.address));
    if (this.#opts.nick !== null) this.#sendNick(this.#opts.nick);
    else this.#askNick();
  }

  // ---- input -----------------------------------------------------------------------------

  line(text: string): void {
    switch (this.#state) {
      case 'nick':
        if (text.trim() === '') return this.#askNick();
        this.#sendNick(text.trim());
        return;
      case 'registering':
        this.#pending.push(text);
        return;
      case 'chat':
        this.#chatLine(text);
        return;
      default:
        return;
    }
  }

  end(): void {
    this.#inputEnded = true;
    if (this.#state === 'chat') this.#leave();
    else if (this.#state === 'nick') {
      if (!this.#ui.interactive) this.#error(this.#opts.words.noNick);
      this.#finish(this.#ui.interactive ? 0 : 1);
    }
  }

  interrupt(): void {
    if (this.#state === 'chat' || this.#state === 'registering') this.#leave();
    else this.#finish(0);
  }

  #chatLine(text: string): void {
    const t = text.trim().toLowerCase();
    if (t === 'sair' || t === '/quit' || t === '/sair') return this.#leave();
    if (text.trim() === '') return;
    this.#transport.say(text);
    // Own messages are shown like everyone's; commands are answered by the server.
    if (!text.startsWith('/') || text.startsWith('//')) {
      const said = text.startsWith('//') ? text.slice(1) : text;
      this.#ui.replaceEntered(text, this.#renderer.own(this.#nick!, said));
    }
  }

  #askNick(): void {
    this.#state = 'nick';
    this.#ui.setPrompt(this.#opts.words.askNick);
  }

  #sendNick(nick: string): void {
    this.#nick = nick;
    this.#transport.sendNick(nick);
    if (this.#transport.kind === 'original') {
      // The original server never answers a nickname: we are in.
      this.#enterChat(nick);
    } else {
      this.#state = 'registering';
    }
  }

  #enterChat(nick: string): void {
    this.#nick = nick;
    this.#renderer.me = nick;
    this.#state = 'chat';
    this.#ui.setPrompt(`${nick}> `);
    const pending = this.#pending;
    this.#pending = [];
    for (const text of pending) {
      if (this.#state !== 'chat') break;
      this.#chatLine(text);
    }
    if (this.#inputEnded && this.#state === 'chat') this.#leave();
  }

  #leave(): void {
    if (this.#state === 'leaving' || this.#state === 'done') return;
    this.#state = 'leaving';
    this.#transport.quit();
    setTimeout(() => {
      this.#transport.destroy();
      this.#finish(0);
    }, LEAVE_TIMEOUT_MS).unref();
  }

  // ---- from the server -------------------------------------------------------------------

  event(event: ChatEvent): void {
    if (event.type === 'welcome') {
      this.#show(this.#renderer.event(event));
      this.#enterChat(event.nick);
      return;
    }
    if (event.type === 'error' && event.retry === true && this.#state === 'registering') {
      this.#show(this.#renderer.event(event));
      if (this.#ui.interactive) return this.#askNick();
      this.#error(this.#opts.words.refused);
      this.#state = 'leaving';
      this.#transport.quit();
      this.#exitStatus = 1;
      return;
    }
    if (event.type === 'closing') this.#serverClosing = true;
    this.#show(this.#renderer.event(event));
  }

  raw(line: string): void {
    this.#ui.print(this.#renderer.raw(line));
  }

  closed(): void {
    if (this.#state === 'done') return;
    if (this.#state === 'leaving') {
      if (this.#exitStatus === 0) this.#note(this.#opts.words.bye);
      return this.#finish(this.#exitStatus);
    }
    if (!this.#serverClosing) this.#error(this.#opts.words.lost);
    this.#finish(1);
  }

  #exitStatus = 0;

  // ---- output ----------------------------------------------------------------------------

  #show(lines: readonly string[]): void {
    for (const line of lines) this.#ui.print(line);
  }

  /** Our own notes go to the screen on a terminal, and to stderr from a script. */
  #note(text: string): void {
    if (this.#ui.interactive) this.#ui.print(this.#renderer.note(text));
    else process.stderr.write(`*** ${text}\n`);
  }

  #error(text: string): void {
    if (this.#ui.interactive) this.#ui.print(this.#renderer.note(text));
    else process.stderr.write(`papo join: ${text}\n`);
  }

  #finish(status: number): void {
    if (this.#state === 'done') return;
    this.#state = 'done';
    this.#transport.destroy();
    this.#ui.close();
    this.#opts.exit(status);
  }
}
