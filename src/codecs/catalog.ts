import type { ChatEvent, ErrorCode } from '../core/events.js';
import { MAX_NICK_CHARS } from '../core/nickname.js';

/** Languages papo speaks. */
export type Lang = 'pt' | 'en';

/** Prefix of the server's own lines, so they cannot be mistaken for someone's message. */
export const SYSTEM_PREFIX = '*** ';

interface Words {
  hello: string;
  welcome(nick: string, room: string, present: readonly string[], count: number): string;
  renamed(requested: string, nick: string): string;
  joined(nick: string): string;
  left(nick: string): string;
  errors: Record<ErrorCode, (subject: string) => string>;
  help: readonly string[];
  format(format: string): string;
  closing: string;
}

// The three notices of the original (`entrou no chat.`, `>>`, `saiu do chat.`) keep their
// exact bytes in Portuguese: the original client shows them as it always did.
const pt: Words = {
  hello: 'Bem-vindo ao papo! Qual é o seu apelido?',
  welcome: (nick, room, present, count) =>
    `Olá, ${nick}! Você está em ${room}` +
    (count === 0 ? ', sozinho por enquanto' : ` com ${names(present, count, 'e mais')}`) +
    '. Digite /ajuda para ver os comandos e sair para sair.',
  renamed: (requested, nick) =>
    requested === '' ? `Você entrou como ${nick}.` : `O apelido "${requested}" não estava disponível; você entrou como ${nick}.`,
  joined: (nick) => `${nick} entrou no chat.`,
  left: (nick) => `${nick} saiu do chat.`,
  errors: {
    NICK_EMPTY: () => 'O apelido não pode ficar vazio. Qual é o seu apelido?',
    NICK_TOO_LONG: (s) => `O apelido "${short(s)}" é longo demais (máximo ${MAX_NICK_CHARS} caracteres). Escolha outro:`,
    NICK_BAD_CHAR: (s) =>
      `O apelido "${short(s)}" tem caracteres não permitidos (use letras, algarismos, _ - .). Escolha outro:`,
    NICK_IN_USE: (s) => `O apelido "${short(s)}" já está em uso. Escolha outro:`,
    LINE_TOO_LONG: (s) => `Linha longa demais (máximo ${s} bytes); ela não foi enviada.`,
    UNKNOWN_COMMAND: (s) => `Comando desconhecido: /${short(s)}. Digite /ajuda para ver os comandos.`,
    MISSING_ARGUMENT: (s) => `Falta um argumento para /${short(s)}. Digite /ajuda para ver os comandos.`,
    UNKNOWN_FORMAT: (s) => `Formato desconhecido: ${short(s)} (use text ou json).`,
    NOT_REGISTERED: (s) => `Escolha um apelido antes de usar /${short(s)}.`,
    ALREADY_REGISTERED: () => 'Você já tem um apelido.',
    NICK_TIMEOUT: () => 'Tempo esgotado para escolher um apelido. Até logo!',
  },
  help: [
    'Comandos:',
    '  /ajuda, /help            esta ajuda',
    '  /sair, /quit, sair       sair do chat',
    '  /formato json|text       (para programas) um evento JSON por linha, ou texto',
    '  //texto                  envia uma mensagem que começa com /',
  ],
  format: (f) => `Formato de saída: ${f}.`,
  closing: 'O servidor está encerrando. Até logo!',
};

const en: Words = {
  hello: 'Welcome to papo! What is your nickname?',
  welcome: (nick, room, present, count) =>
    `Hello, ${nick}! You are in ${room}` +
    (count === 0 ? ', alone for now' : ` with ${names(present, count, 'and')}`) +
    '. Type /help for the commands and sair to leave.',
  renamed: (requested, nick) =>
    requested === '' ? `You joined as ${nick}.` : `The nickname "${requested}" was not available; you joined as ${nick}.`,
  joined: (nick) => `${nick} joined the chat.`,
  left: (nick) => `${nick} left the chat.`,
  errors: {
    NICK_EMPTY: () => 'The nickname cannot be empty. What is your nickname?',
    NICK_TOO_LONG: (s) => `The nickname "${short(s)}" is too long (at most ${MAX_NICK_CHARS} characters). Choose another:`,
    NICK_BAD_CHAR: (s) =>
      `The nickname "${short(s)}" has characters that are not allowed (use letters, digits, _ - .). Choose another:`,
    NICK_IN_USE: (s) => `The nickname "${short(s)}" is already in use. Choose another:`,
    LINE_TOO_LONG: (s) => `Line too long (at most ${s} bytes); it was not sent.`,
    UNKNOWN_COMMAND: (s) => `Unknown command: /${short(s)}. Type /help for the commands.`,
    MISSING_ARGUMENT: (s) => `/${short(s)} needs an argument. Type /help for the commands.`,
    UNKNOWN_FORMAT: (s) => `Unknown format: ${short(s)} (use text or json).`,
    NOT_REGISTERED: (s) => `Choose a nickname before using /${short(s)}.`,
    ALREADY_REGISTERED: () => 'You already have a nickname.',
    NICK_TIMEOUT: () => 'Time is up for choosing a nickname. Bye!',
  },
  help: [
    'Commands:',
    '  /help, /ajuda            this help',
    '  /quit, /sair, sair       leave the chat',
    '  /format json|text        (for programs) one JSON event per line, or text',
    '  //text                   send a message that starts with /',
  ],
  format: (f) => `Output format: ${f}.`,
  closing: 'The server is shutting down. Bye!',
};

const WORDS: Record<Lang, Words> = { pt, en };

function short(s: string): string {
  const chars = Array.from(s);
  return chars.length > 40 ? chars.slice(0, 40).join('') + '…' : s;
}

function names(present: readonly string[], count: number, more: string): string {
  const listed = present.join(', ');
  return count > present.length ? `${listed} ${more} ${count - present.length}` : listed;
}

/**
 * The words for events in one language. Renders an event as the lines a person reads; used by
 * the text and original codecs on the server and by papo's client for JSON events.
 */
export class Catalog {
  readonly lang: Lang;
  readonly #words: Words;

  constructor(lang: Lang) {
    this.lang = lang;
    this.#words = WORDS[lang];
  }

  /** The greeting's words, without the protocol marker. */
  get hello(): string {
    return this.#words.hello;
  }

  /** The line a person sees for a message. */
  said(nick: string, text: string): string {
    return `${nick} >> ${text}`;
  }

  joined(nick: string): string {
    return this.#words.joined(nick);
  }

  left(nick: string): string {
    return this.#words.left(nick);
  }

  /** The words of an error, without the system prefix. */
  error(code: ErrorCode, subject = ''): string {
    return this.#words.errors[code](subject);
  }

  renamed(requested: string, nick: string): string {
    return this.#words.renamed(requested, nick);
  }

  /**
   * The lines of an event as the plain line protocol shows them. The server's own lines start
   * with `*** `; the greeting ends with the protocol marker `(papo/N)`.
   */
  lines(event: ChatEvent): string[] {
    const w = this.#words;
    switch (event.type) {
      case 'hello':
        return [`${w.hello} (papo/${event.protocol})`];
      case 'welcome': {
        const out: string[] = [];
        if (event.requested !== null) out.push(SYSTEM_PREFIX + w.renamed(event.requested, event.nick));
        out.push(SYSTEM_PREFIX + w.welcome(event.nick, event.room, event.present, event.presentCount));
        return out;
      }
      case 'said':
        return [this.said(event.nick, event.text)];
      case 'joined':
        return [w.joined(event.nick)];
      case 'left':
        return [w.left(event.nick)];
      case 'error':
        return [SYSTEM_PREFIX + this.error(event.code, event.subject)];
      case 'help':
        return w.help.map((l) => SYSTEM_PREFIX + l);
      case 'format':
        return [SYSTEM_PREFIX + w.format(event.format)];
      case 'closing':
        return [SYSTEM_PREFIX + w.closing];
    }
  }
}
