import type { Catalog } from '../codecs/catalog.js';
import type { ChatEvent } from '../core/events.js';
import { caseKey } from '../core/nickname.js';
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
  /** Connects (again) and tells which kind of server answered. */
  connect(): Promise<Detected>;
  /** The server's address as shown to the user. */
  readonly address: string;
  /** From `--nick`; null asks (a terminal) or takes the first input line (a script). */
  readonly nick: string | null;
  readonly catalog: Catalog;
  readonly words: ClientWords;
  readonly render: RenderOptions;
  makeUi(listener: UiListener): Ui;
  /** Where the client's own notes and errors go when there is no terminal (stderr). */
  note(line: string): void;
  exit(status: number): void;
}

/**
 * Where the client is:
 * - `connecting`: no connection yet (first time, or after a drop);
 * - `nick`: the next input line is a nickname;
 * - `registering`: a nickname was sent, the answer has not come (input waits in a queue);
 * - `chat`: lines are messages and commands;
 * - `leaving`: we asked to leave and wait for the server to close;
 * - `done`: the exit status has been given.
 */
type State = 'connecting' | 'nick' | 'registering' | 'chat' | 'leaving' | 'done';

/** Time to wait for the server to close after we leave, ms. */
const LEAVE_TIMEOUT_MS = 3000;
/** Least gap between two sends to the original server, which reads one message per recv, ms. */
const ORIGINAL_SEND_GAP_MS = 200;
/** Reconnection delays, ms: doubled from the first to the last, then given up. */
const RECONNECT_FIRST_MS = 500;
const RECONNECT_MAX_MS = 30_000;
const RECONNECT_ATTEMPTS = 12;

/** Commands offered by Tab, in both languages. */
const COMMAND_NAMES = [
  'help', 'ajuda', 'nick', 'nome', 'who', 'quem', 'msg', 'privado', 'me', 'join', 'entrar', 'part', 'deixar',
  'rooms', 'salas', 'topic', 'tema', 'history', 'historico', 'quit', 'sair',
];

/**
 * `papo join`'s logic: registration, the chat loop, reconnection and leaving; input and output
 * through a `Ui`, bytes through a `Transport`.
 */
export class JoinClient implements UiListener, TransportListener {
  readonly #opts: JoinClientOptions;
  readonly #renderer: Renderer;
  #ui!: Ui;
  #transport: Transport | null = null;
  #state: State = 'connecting';
  #nick: string | null;
  /** The room we are in, to show in the prompt and to go back to after a reconnection. */
  #room: string | null = null;
  /** The room the server puts everyone in first (from the welcome). */
  #defaultRoom: string | null = null;
  /** Nicknames seen lately, for Tab (key: case-folded nickname). */
  readonly #nicks = new Map<string, string>();
  #pending: string[] = [];
  #inputEnded = false;
  #serverClosing = false;
  #exitStatus = 0;
  #reconnecting = false;
  #attempt = 0;
  #everRegistered = false;

  constructor(opts: JoinClientOptions) {
    this.#opts = opts;
    this.#nick = opts.nick;
    this.#renderer = new Renderer(opts.catalog, opts.render);
  }

  /** Starts on an already made connection (the first one). */
  start(first: Detected): void {
    this.#ui = this.#opts.makeUi(this);
    this.#attach(first);
  }

  /** Tab: commands after `/`, nicknames elsewhere. */
  complete(line: string): [string[], string] {
    const word = /\S*$/.exec(line)![0];
    if (word.startsWith('/') && word === line.trimStart()) {
      const hits = COMMAND_NAMES.filter((c) => c.startsWith(word.slice(1).toLowerCase())).map((c) => `/${c} `);
      return [hits, word];
    }
    if (word === '') return [[], word];
    const key = caseKey(word);
    const hits = Array.from(this.#nicks.entries())
      .filter(([k]) => k.startsWith(key))
      .map(([, nick]) => nick + (line.trim() === word ? ': ' : ' '))
      .sort();
    return [hits, word];
  }

  // ---- connection ----------------------------------------------------------------------

  #attach(detected: Detected): void {
    this.#transport =
      detected.kind === 'papo'
        ? new PapoTransport(detected.socket, detected.rest, this)
        : new OriginalTransport(detected.socket, detected.rest, this, ORIGINAL_SEND_GAP_MS);
    const w = this.#opts.words;
    this.#note(detected.kind === 'papo' ? w.connectedPapo(this.#opts.address) : w.connectedOriginal(this.#opts.address));
    if (this.#nick !== null) this.#sendNick(this.#nick);
    else this.#askNick();
  }

  #reconnect(): void {
    if (this.#attempt >= RECONNECT_ATTEMPTS) {
      this.#error(this.#opts.words.gaveUp);
      return this.#finish(1);
    }
    const delay = Math.min(RECONNECT_FIRST_MS * 2 ** this.#attempt, RECONNECT_MAX_MS);
    this.#attempt++;
    this.#note(this.#opts.words.reconnecting(Math.round(delay / 100) / 10));
    setTimeout(() => {
      if (this.#state !== 'connecting') return;
      this.#opts.connect().then(
        (detected) => {
          if (this.#state !== 'connecting') return detected.socket.destroy();
          this.#reconnecting = true;
          this.#attach(detected);
        },
        () => this.#reconnect(),
      );
    }, delay);
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
      case 'connecting':
        if (text.trim() !== '') this.#error(this.#opts.words.notSent);
        return;
      default:
        return;
    }
  }

  end(): void {
    this.#inputEnded = true;
    if (this.#state === 'chat') this.#leave();
    else if (this.#state === 'nick' || this.#state === 'connecting') {
      if (!this.#ui.interactive && this.#state === 'nick') this.#error(this.#opts.words.noNick);
      this.#finish(this.#ui.interactive || this.#state === 'connecting' ? 0 : 1);
    }
  }

  interrupt(): void {
    if (this.#state === 'chat' || this.#state === 'registering') this.#leave();
    else this.#finish(0);
  }

  #chatLine(typed: string): void {
    // Trailing spaces (Tab completion leaves one) are not part of what anyone meant to say.
    const text = typed.trimEnd();
    const t = text.trim().toLowerCase();
    if (t === 'sair' || t === '/quit' || t === '/sair') return this.#leave();
    if (text.trim() === '') return;
    this.#transport!.say(text);
    // Own messages are shown like everyone's; commands are answered by the server.
    const me = /^\/(me|eu) (.*)$/i.exec(text);
    if (me !== null) {
      this.#ui.replaceEntered(typed, this.#renderer.own(this.#nick!, me[2]!, true));
    } else if (!text.startsWith('/') || text.startsWith('//')) {
      const said = text.startsWith('//') ? text.slice(1) : text;
      this.#ui.replaceEntered(typed, this.#renderer.own(this.#nick!, said));
    }
  }

  #askNick(): void {
    this.#state = 'nick';
    this.#ui.setPrompt(this.#opts.words.askNick);
  }

  #sendNick(nick: string): void {
    this.#nick = nick;
    this.#transport!.sendNick(nick);
    if (this.#transport!.kind === 'original') {
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
    this.#attempt = 0;
    this.#everRegistered = true;
    if (this.#reconnecting) {
      this.#reconnecting = false;
      this.#note(this.#opts.words.reconnected);
      // Back to the room we were in; the server puts everyone in the default room first.
      if (this.#room !== null && this.#transport!.kind === 'papo' && this.#room !== this.#defaultRoom) {
        this.#transport!.say(`/join ${this.#room}`);
      }
    }
    this.#updatePrompt();
    const pending = this.#pending;
    this.#pending = [];
    for (const text of pending) {
      if (this.#state !== 'chat') break;
      this.#chatLine(text);
    }
    if (this.#inputEnded && this.#state === 'chat') this.#leave();
  }

  #updatePrompt(): void {
    if (this.#state !== 'chat') return;
    this.#ui.setPrompt(this.#room === null ? `${this.#nick}> ` : `[${this.#room}] ${this.#nick}> `);
  }

  #leave(): void {
    if (this.#state === 'leaving' || this.#state === 'done') return;
    this.#state = 'leaving';
    this.#transport?.quit();
    setTimeout(() => {
      this.#transport?.destroy();
      this.#finish(this.#exitStatus);
    }, LEAVE_TIMEOUT_MS).unref();
  }

  // ---- from the server -------------------------------------------------------------------

  event(event: ChatEvent): void {
    this.#track(event);
    if (event.type === 'welcome') {
      // Rejoining our room after a reconnection will show its own history: skip #geral's.
      this.#defaultRoom = event.room;
      const returning = this.#reconnecting && this.#room !== null && this.#room !== event.room;
      if (!returning) this.#room = event.room;
      this.#show(this.#renderer.event(event));
      this.#enterChat(event.nick);
      return;
    }
    if (event.type === 'error' && event.retry === true && this.#state === 'registering') {
      this.#show(this.#renderer.event(event));
      if (this.#reconnecting && event.code === 'NICK_IN_USE') {
        // Our old connection has not been noticed gone yet: try again shortly.
        this.#state = 'connecting';
        this.#transport?.destroy();
        return;
      }
      if (this.#ui.interactive) return this.#askNick();
      this.#error(this.#opts.words.refused);
      this.#exitStatus = 1;
      this.#leave();
      return;
    }
    if (event.type === 'entered') {
      this.#room = event.room;
      this.#updatePrompt();
    }
    if (event.type === 'renamed' && caseKey(event.old) === caseKey(this.#nick ?? '')) {
      this.#nick = event.nick;
      this.#renderer.me = event.nick;
      this.#updatePrompt();
    }
    if (event.type === 'ping') return this.#transport?.say('/pong');
    if (event.type === 'closing') this.#serverClosing = true;
    this.#show(this.#renderer.event(event));
  }

  raw(line: string): void {
    const m = /^(\S+) (>>|entrou no chat\.)/.exec(line);
    if (m !== null) this.#nicks.set(caseKey(m[1]!), m[1]!);
    this.#ui.print(this.#renderer.raw(line));
  }

  closed(): void {
    if (this.#state === 'done') return;
    if (this.#state === 'leaving') {
      if (this.#exitStatus === 0) this.#note(this.#opts.words.bye);
      return this.#finish(this.#exitStatus);
    }
    const wasConnecting = this.#state === 'connecting';
    if (!this.#serverClosing && !wasConnecting) this.#error(this.#opts.words.lost);
    this.#serverClosing = false;
    // A person at a terminal is reconnected; a script is told with its exit status.
    if (this.#ui.interactive && (this.#everRegistered || wasConnecting)) {
      this.#state = 'connecting';
      this.#transport = null;
      this.#reconnect();
      return;
    }
    this.#finish(1);
  }

  /** Keeps the nicknames Tab offers. */
  #track(event: ChatEvent): void {
    const add = (nick: string) => this.#nicks.set(caseKey(nick), nick);
    switch (event.type) {
      case 'welcome':
      case 'entered':
        event.present.forEach(add);
        return;
      case 'joined':
      case 'said':
        add(event.nick);
        return;
      case 'private':
        add(event.from);
        return;
      case 'renamed':
        this.#nicks.delete(caseKey(event.old));
        add(event.nick);
        return;
      case 'left':
        if (event.reason !== 'part') this.#nicks.delete(caseKey(event.nick));
        return;
      case 'who':
        event.nicks.forEach(add);
        return;
      default:
        return;
    }
  }

  // ---- output ----------------------------------------------------------------------------

  #show(lines: readonly string[]): void {
    for (const line of lines) this.#ui.print(line);
  }

  /** Our own notes go to the screen on a terminal, and to stderr from a script. */
  #note(text: string): void {
    if (this.#ui.interactive) this.#ui.print(this.#renderer.note(text));
    else this.#opts.note(`*** ${text}`);
  }

  #error(text: string): void {
    if (this.#ui.interactive) this.#ui.print(this.#renderer.note(text));
    else this.#opts.note(`papo join: ${text}`);
  }

  #finish(status: number): void {
    if (this.#state === 'done') return;
    this.#state = 'done';
    this.#transport?.destroy();
    this.#ui.close();
    this.#opts.exit(status);
  }
}
