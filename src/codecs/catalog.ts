import type { ChatEvent, ErrorCode, LeaveReason, RoomInfo, SaidEvent } from '../core/events.js';
import { MAX_NICK_CHARS } from '../core/nickname.js';
import { MAX_ROOM_CHARS } from '../core/room.js';

/** Languages papo speaks. */
export type Lang = 'pt' | 'en';

/** Prefix of the server's own lines, so they cannot be mistaken for someone's message. */
export const SYSTEM_PREFIX = '*** ';

interface Words {
  hello: string;
  welcome(nick: string, room: string, present: readonly string[], count: number): string;
  entered(room: string, present: readonly string[], count: number): string;
  renamed(requested: string, nick: string): string;
  joined(nick: string): string;
  joinedRoom(nick: string, room: string): string;
  left(nick: string): string;
  leftRoom(nick: string, room: string): string;
  nickChanged(old: string, nick: string): string;
  privateIn: string;
  privateOut(to: string): string;
  topicSet(nick: string, room: string, topic: string): string;
  topicCleared(nick: string, room: string): string;
  topicIs(room: string, topic: string): string;
  noTopic(room: string): string;
  rooms: string;
  roomLine(r: RoomInfo): string;
  who(room: string, count: number): string;
  historyHead(room: string, count: number): string;
  historyNone(room: string): string;
  historyEnd(more: boolean): string;
  errors: Record<ErrorCode, (subject: string, other: string) => string>;
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
  entered: (room, present, count) =>
    `Você entrou em ${room}` + (count === 0 ? ', sozinho por enquanto.' : ` com ${names(present, count, 'e mais')}.`),
  renamed: (requested, nick) =>
    requested === '' ? `Você entrou como ${nick}.` : `O apelido "${requested}" não estava disponível; você entrou como ${nick}.`,
  joined: (nick) => `${nick} entrou no chat.`,
  joinedRoom: (nick, room) => `${nick} entrou em ${room}.`,
  left: (nick) => `${nick} saiu do chat.`,
  leftRoom: (nick, room) => `${nick} saiu de ${room}.`,
  nickChanged: (old, nick) => `${old} agora é ${nick}.`,
  privateIn: '[privado]',
  privateOut: (to) => `[privado para ${to}]`,
  topicSet: (nick, room, topic) => `${nick} mudou o tema de ${room} para: ${topic}`,
  topicCleared: (nick, room) => `${nick} apagou o tema de ${room}.`,
  topicIs: (room, topic) => `Tema de ${room}: ${topic}`,
  noTopic: (room) => `${room} não tem tema.`,
  rooms: 'Salas:',
  roomLine: (r) => `  ${r.name} (${r.members} ${r.members === 1 ? 'pessoa' : 'pessoas'})${r.topic === null ? '' : ` — ${r.topic}`}`,
  who: (room, count) => `Em ${room} (${count}):`,
  historyHead: (room, count) => `Histórico de ${room} (${count} ${count === 1 ? 'mensagem' : 'mensagens'}):`,
  historyNone: (room) => `Nada mais no histórico de ${room}.`,
  historyEnd: (more) => (more ? 'Fim deste trecho; /historico mostra mensagens mais antigas.' : 'Fim do histórico.'),
  errors: {
    NICK_EMPTY: () => 'O apelido não pode ficar vazio. Qual é o seu apelido?',
    NICK_TOO_LONG: (s) => `O apelido "${short(s)}" é longo demais (máximo ${MAX_NICK_CHARS} caracteres). Escolha outro:`,
    NICK_BAD_CHAR: (s) =>
      `O apelido "${short(s)}" tem caracteres não permitidos (use letras, algarismos, _ - .). Escolha outro:`,
    NICK_IN_USE: (s) => `O apelido "${short(s)}" já está em uso. Escolha outro:`,
    NICK_LOOKS_LIKE: (s, o) => `O apelido "${short(s)}" se parece demais com "${short(o)}", que já está no chat. Escolha outro:`,
    NICK_UNCHANGED: (s) => `Você já é ${short(s)}.`,
    NO_SUCH_NICK: (s) => `Ninguém com o apelido "${short(s)}" está no chat.`,
    ROOM_BAD_NAME: (s) =>
      `"${short(s)}" não é um nome de sala: use até ${MAX_ROOM_CHARS} letras, algarismos, _ - . (o # é opcional).`,
    NO_SUCH_ROOM: (s) => `A sala ${short(s)} não existe; /salas lista as que existem.`,
    ALREADY_IN_ROOM: (s) => `Você já está em ${short(s)}.`,
    TOO_MANY_ROOMS: (s) => `Você já está em ${s} salas, o máximo; saia de alguma antes (/deixar).`,
    NOT_IN_ROOM: (s) => (s === '' ? 'Você não está em nenhuma sala.' : `Você não está em ${short(s)}.`),
    CANNOT_PART_DEFAULT: (s) => `Não dá para sair de ${short(s)} sem sair do chat; use /entrar para ir a outra sala ou sair para sair.`,
    TOPIC_TOO_LONG: (s) => `Tema longo demais (máximo ${s} caracteres).`,
    BAD_NUMBER: (s) => `"${short(s)}" não é um número válido.`,
    LINE_TOO_LONG: (s) => `Linha longa demais (máximo ${s} bytes); ela não foi enviada.`,
    BAD_MESSAGE: (s) => `Mensagem inválida (${short(s)}): envie {"type":"line","text":"..."}.`,
    UNKNOWN_COMMAND: (s) => `Comando desconhecido: /${short(s)}. Digite /ajuda para ver os comandos.`,
    MISSING_ARGUMENT: (s) => `Falta um argumento para /${short(s)}. Digite /ajuda para ver os comandos.`,
    UNKNOWN_FORMAT: (s) => `Formato desconhecido: ${short(s)} (use text ou json).`,
    NOT_REGISTERED: (s) => `Escolha um apelido antes de usar /${short(s)}.`,
    ALREADY_REGISTERED: () => 'Você já tem um apelido.',
    NICK_TIMEOUT: () => 'Tempo esgotado para escolher um apelido. Até logo!',
    FLOOD: (s) => `Mensagens demais, rápido demais (máximo ${s} por segundo): conexão encerrada.`,
    SERVER_FULL: (s) => `O servidor está cheio (${s} conexões); tente de novo mais tarde.`,
    TOO_MANY_CONNECTIONS: (s) => `Conexões demais a partir do seu endereço (máximo ${s}); feche alguma e tente de novo.`,
  },
  help: [
    'Comandos:',
    '  /ajuda, /help                 esta ajuda',
    '  /nome NOVO, /nick             muda o seu apelido',
    '  /quem [SALA], /who            quem está na sala',
    '  /privado APELIDO TEXTO, /msg  mensagem que só APELIDO vê',
    '  /me TEXTO                     uma ação: * ana acena',
    '  /entrar SALA, /join           vai para outra sala (criada se não existir)',
    '  /deixar, /part                volta para #geral',
    '  /salas, /rooms                lista as salas',
    '  /tema [TEXTO], /topic         mostra ou muda o tema da sala (/tema - apaga)',
    '  /historico [N], /history      mensagens anteriores da sala',
    '  /sair, /quit, sair            sai do chat',
    '  /formato json|text            (para programas) um evento JSON por linha, ou texto',
    '  //texto                       envia uma mensagem que começa com /',
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
  entered: (room, present, count) =>
    `You are now in ${room}` + (count === 0 ? ', alone for now.' : ` with ${names(present, count, 'and')}.`),
  renamed: (requested, nick) =>
    requested === '' ? `You joined as ${nick}.` : `The nickname "${requested}" was not available; you joined as ${nick}.`,
  joined: (nick) => `${nick} joined the chat.`,
  joinedRoom: (nick, room) => `${nick} joined ${room}.`,
  left: (nick) => `${nick} left the chat.`,
  leftRoom: (nick, room) => `${nick} left ${room}.`,
  nickChanged: (old, nick) => `${old} is now ${nick}.`,
  privateIn: '[private]',
  privateOut: (to) => `[private to ${to}]`,
  topicSet: (nick, room, topic) => `${nick} set the topic of ${room} to: ${topic}`,
  topicCleared: (nick, room) => `${nick} cleared the topic of ${room}.`,
  topicIs: (room, topic) => `Topic of ${room}: ${topic}`,
  noTopic: (room) => `${room} has no topic.`,
  rooms: 'Rooms:',
  roomLine: (r) => `  ${r.name} (${r.members} ${r.members === 1 ? 'person' : 'people'})${r.topic === null ? '' : ` — ${r.topic}`}`,
  who: (room, count) => `In ${room} (${count}):`,
  historyHead: (room, count) => `History of ${room} (${count} ${count === 1 ? 'message' : 'messages'}):`,
  historyNone: (room) => `Nothing more in the history of ${room}.`,
  historyEnd: (more) => (more ? 'End of this page; /history shows older messages.' : 'End of history.'),
  errors: {
    NICK_EMPTY: () => 'The nickname cannot be empty. What is your nickname?',
    NICK_TOO_LONG: (s) => `The nickname "${short(s)}" is too long (at most ${MAX_NICK_CHARS} characters). Choose another:`,
    NICK_BAD_CHAR: (s) =>
      `The nickname "${short(s)}" has characters that are not allowed (use letters, digits, _ - .). Choose another:`,
    NICK_IN_USE: (s) => `The nickname "${short(s)}" is already in use. Choose another:`,
    NICK_LOOKS_LIKE: (s, o) => `The nickname "${short(s)}" looks too much like "${short(o)}", who is in the chat. Choose another:`,
    NICK_UNCHANGED: (s) => `You already are ${short(s)}.`,
    NO_SUCH_NICK: (s) => `Nobody called "${short(s)}" is in the chat.`,
    ROOM_BAD_NAME: (s) => `"${short(s)}" is not a room name: use up to ${MAX_ROOM_CHARS} letters, digits, _ - . (the # is optional).`,
    NO_SUCH_ROOM: (s) => `There is no room ${short(s)}; /rooms lists those there are.`,
    ALREADY_IN_ROOM: (s) => `You are already in ${short(s)}.`,
    TOO_MANY_ROOMS: (s) => `You are in ${s} rooms, the most allowed; leave one first (/part).`,
    NOT_IN_ROOM: (s) => (s === '' ? 'You are not in any room.' : `You are not in ${short(s)}.`),
    CANNOT_PART_DEFAULT: (s) => `You cannot leave ${short(s)} without leaving the chat; use /join to go to another room, or sair to leave.`,
    TOPIC_TOO_LONG: (s) => `Topic too long (at most ${s} characters).`,
    BAD_NUMBER: (s) => `"${short(s)}" is not a valid number.`,
    LINE_TOO_LONG: (s) => `Line too long (at most ${s} bytes); it was not sent.`,
    BAD_MESSAGE: (s) => `Invalid message (${short(s)}): send {"type":"line","text":"..."}.`,
    UNKNOWN_COMMAND: (s) => `Unknown command: /${short(s)}. Type /help for the commands.`,
    MISSING_ARGUMENT: (s) => `/${short(s)} needs an argument. Type /help for the commands.`,
    UNKNOWN_FORMAT: (s) => `Unknown format: ${short(s)} (use text or json).`,
    NOT_REGISTERED: (s) => `Choose a nickname before using /${short(s)}.`,
    ALREADY_REGISTERED: () => 'You already have a nickname.',
    NICK_TIMEOUT: () => 'Time is up for choosing a nickname. Bye!',
    FLOOD: (s) => `Too many messages too fast (at most ${s} a second): connection closed.`,
    SERVER_FULL: (s) => `The server is full (${s} connections); try again later.`,
    TOO_MANY_CONNECTIONS: (s) => `Too many connections from your address (at most ${s}); close one and try again.`,
  },
  help: [
    'Commands:',
    '  /help, /ajuda                 this help',
    '  /nick NEW, /nome              change your nickname',
    '  /who [ROOM], /quem            who is in the room',
    '  /msg NICK TEXT, /privado      a message only NICK sees',
    '  /me TEXT                      an action: * ana waves',
    '  /join ROOM, /entrar           go to another room (created if needed)',
    '  /part, /deixar                back to #geral',
    '  /rooms, /salas                list the rooms',
    '  /topic [TEXT], /tema          show or set the room topic (/topic - clears it)',
    '  /history [N], /historico      earlier messages of the room',
    '  /quit, /sair, sair            leave the chat',
    '  /format json|text             (for programs) one JSON event per line, or text',
    '  //text                        send a message that starts with /',
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

function two(n: number): string {
  return n < 10 ? '0' + n : String(n);
}

/**
 * The words for events in one language. Renders an event as the lines a person reads; used by
 * the text and original codecs on the server and by papo's client for JSON events.
 */
export class Catalog {
  readonly lang: Lang;
  readonly #words: Words;
  readonly #now: () => number;

  /** `now` decides whether a history time needs its date (tests fix it). */
  constructor(lang: Lang, now: () => number = Date.now) {
    this.lang = lang;
    this.#words = WORDS[lang];
    this.#now = now;
  }

  /** The greeting's words, without the protocol marker. */
  get hello(): string {
    return this.#words.hello;
  }

  /** The line a person sees for a room message or action. */
  said(nick: string, text: string, action = false): string {
    return action ? `* ${nick} ${text}` : `${nick} >> ${text}`;
  }

  /** Notice of someone entering a room (`first`: arriving in the chat). */
  joined(nick: string, room: string, first: boolean): string {
    return first ? this.#words.joined(nick) : this.#words.joinedRoom(nick, room);
  }

  /** Notice of someone leaving a room (`part`) or the chat (any other reason). */
  left(nick: string, room: string, reason: LeaveReason): string {
    return reason === 'part' ? this.#words.leftRoom(nick, room) : this.#words.left(nick);
  }

  /** The mark in front of a private message: `[privado]`, or `[privado para bob]` for our own. */
  privateMark(to: string, incoming: boolean): string {
    return incoming ? this.#words.privateIn : this.#words.privateOut(to);
  }

  /** A private message line: incoming (`[privado] ana >> oi`) or our own. */
  private(from: string, to: string, text: string, incoming: boolean, action = false): string {
    return `${this.privateMark(to, incoming)} ${this.said(from, text, action)}`;
  }

  /** The words of an error, without the system prefix. */
  error(code: ErrorCode, subject = '', other = ''): string {
    return this.#words.errors[code](subject, other);
  }

  renamed(requested: string, nick: string): string {
    return this.#words.renamed(requested, nick);
  }

  /** `HH:MM` in local time, with the date in front when it is not today. */
  time(ms: number): string {
    const d = new Date(ms);
    const hhmm = `${two(d.getHours())}:${two(d.getMinutes())}`;
    const today = new Date(this.#now());
    if (d.toDateString() === today.toDateString()) return hhmm;
    return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())} ${hhmm}`;
  }

  /** A kept message as history shows it: with its time, so it is not taken for a new one. */
  historyLine(m: SaidEvent): string {
    return `[${this.time(m.time)}] ${this.said(m.nick, m.text, m.action === true)}`;
  }

  /**
   * The lines of an event as the plain line protocol shows them. The server's own lines start
   * with `*** `; the greeting ends with the protocol marker `(papo/N)`.
   */
  lines(event: ChatEvent): string[] {
    const w = this.#words;
    const sys = (text: string) => SYSTEM_PREFIX + text;
    switch (event.type) {
      case 'hello':
        return [`${w.hello} (papo/${event.protocol})`];
      case 'welcome': {
        const out: string[] = [];
        if (event.requested !== null) out.push(sys(w.renamed(event.requested, event.nick)));
        out.push(sys(w.welcome(event.nick, event.room, event.present, event.presentCount)));
        if (event.topic !== null) out.push(sys(w.topicIs(event.room, event.topic)));
        return out;
      }
      case 'entered': {
        const out = [sys(w.entered(event.room, event.present, event.presentCount))];
        if (event.topic !== null) out.push(sys(w.topicIs(event.room, event.topic)));
        return out;
      }
      case 'said':
        return [this.said(event.nick, event.text, event.action === true)];
      case 'private':
        return [this.private(event.from, event.to, event.text, true, event.action === true)];
      case 'private-sent':
        return [this.private(event.from, event.to, event.text, false, event.action === true)];
      case 'joined':
        return [this.joined(event.nick, event.room, event.first)];
      case 'left':
        return [this.left(event.nick, event.room, event.reason)];
      case 'renamed':
        return [w.nickChanged(event.old, event.nick)];
      case 'topic':
        if (event.nick !== null) {
          return [sys(event.topic === null ? w.topicCleared(event.nick, event.room) : w.topicSet(event.nick, event.room, event.topic))];
        }
        return [sys(event.topic === null ? w.noTopic(event.room) : w.topicIs(event.room, event.topic))];
      case 'rooms':
        return [sys(w.rooms), ...event.rooms.map((r) => sys(w.roomLine(r)))];
      case 'who':
        return [sys(`${w.who(event.room, event.nicks.length)} ${event.nicks.join(', ')}`)];
      case 'history':
        if (event.messages.length === 0) return [sys(w.historyNone(event.room))];
        return [
          sys(w.historyHead(event.room, event.messages.length)),
          ...event.messages.map((m) => this.historyLine(m)),
          sys(w.historyEnd(event.more)),
        ];
      case 'error':
        return [sys(this.error(event.code, event.subject, event.other))];
      case 'help':
        return w.help.map(sys);
      case 'format':
        return [sys(w.format(event.format))];
      case 'closing':
        return [sys(w.closing)];
      case 'ping':
        return []; // only structured clients are pinged
    }
  }
}
