// papo's browser page: one WebSocket to /ws, the same JSON events as every other door, the same
// words (the shared Catalog) and the same `/` commands as the terminal. User text only ever
// reaches the page through textContent, never as HTML.
import { Catalog, type Lang } from '../../src/codecs/catalog.ts';
import type { ChatEvent, RoomInfo, SaidEvent } from '../../src/core/events.ts';

const lang: Lang = /^en/i.test(navigator.language) && !/^pt/i.test(navigator.language) ? 'en' : 'pt';
const catalog = new Catalog(lang);
const WORDS = {
  pt: {
    ask: 'Qual é o seu apelido?', enter: 'Entrar', send: 'Enviar', rooms: 'Salas', privates: 'Conversas privadas',
    members: 'Pessoas', online: 'conectado', connecting: 'conectando…', retry: (s: number) => `sem conexão; tentando de novo em ${s} s`,
    closing: 'o servidor está encerrando', join: 'Entrar', placeholder: 'Escreva uma mensagem ou /ajuda',
  },
  en: {
    ask: 'What is your nickname?', enter: 'Enter', send: 'Send', rooms: 'Rooms', privates: 'Private conversations',
    members: 'People', online: 'connected', connecting: 'connecting…', retry: (s: number) => `offline; trying again in ${s} s`,
    closing: 'the server is shutting down', join: 'Join', placeholder: 'Write a message or /help',
  },
}[lang];

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const loginForm = $<HTMLFormElement>('login');
const nickInput = $<HTMLInputElement>('nick');
const loginError = $('login-error');
const chat = $('chat');
const messagesEl = $<HTMLOListElement>('messages');
const textInput = $<HTMLInputElement>('text');
const stateEl = $('state');
const titleEl = $('title');
const topicEl = $('topic');
const roomsEl = $<HTMLUListElement>('rooms');
const privatesEl = $<HTMLUListElement>('privates');
const membersEl = $<HTMLUListElement>('members');
const side = $('side');

document.documentElement.lang = lang;
$('nick-label').textContent = WORDS.ask;
$('enter').textContent = WORDS.enter;
$('send').textContent = WORDS.send;
$('rooms-label').textContent = WORDS.rooms;
$('private-label').textContent = WORDS.privates;
$('members-label').textContent = WORDS.members;
$('join-button').textContent = WORDS.join;
textInput.placeholder = WORDS.placeholder;
nickInput.value = localStorage.getItem('papo.nick') ?? '';

/** A conversation: a room, or private messages with one person (`@nick`). */
interface View {
  readonly key: string;
  readonly kind: 'room' | 'private';
  readonly name: string;
  readonly items: HTMLLIElement[];
  unread: number;
  /** Older history exists (rooms). */
  more: boolean;
  loadingHistory: boolean;
  readonly members: Set<string>;
  topic: string | null;
}

const views = new Map<string, View>();
let current = '#geral';
let me: string | null = null;
let allRooms: readonly RoomInfo[] = [];
let socket: WebSocket | null = null;
let attempt = 0;
let wanted: string | null = null;
let roomsTimer: number | undefined;

function view(key: string): View {
  let v = views.get(key);
  if (v === undefined) {
    const kind = key.startsWith('@') ? 'private' : 'room';
    v = { key, kind, name: kind === 'private' ? key.slice(1) : key, items: [], unread: 0, more: false, loadingHistory: false, members: new Set(), topic: null };
    views.set(key, v);
  }
  return v;
}

// ---- rendering ------------------------------------------------------------------------

function hue(nick: string): number {
  let h = 0;
  for (let i = 0; i < nick.length; i++) h = (h * 31 + nick.charCodeAt(i)) >>> 0;
  return h % 360;
}

function span(className: string, text: string): HTMLSpanElement {
  const s = document.createElement('span');
  s.className = className;
  s.textContent = text;
  return s;
}

function nickSpan(nick: string): HTMLSpanElement {
  const s = span('nick', nick);
  s.style.color = `hsl(${hue(nick)} 65% 45%)`;
  return s;
}

function timeOf(ms: number): string {
  const d = new Date(ms);
  return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
}

/** A message line: time, nickname, text (or `* nick text` for an action). */
function messageItem(time: number, nick: string, text: string, action: boolean, extra = ''): HTMLLIElement {
  const li = document.createElement('li');
  li.className = `msg ${extra}`;
  li.append(span('time', timeOf(time)));
  if (action) li.append('* ', nickSpan(nick), ' ', text);
  else li.append(nickSpan(nick), ' ', text);
  return li;
}

function noticeItem(text: string, className = 'notice'): HTMLLIElement {
  const li = document.createElement('li');
  li.className = className;
  li.append(span('time', timeOf(Date.now())), text);
  return li;
}

function add(key: string, item: HTMLLIElement, counts = false): void {
  const v = view(key);
  v.items.push(item);
  if (key === current) {
    const atBottom = messagesEl.scrollHeight - messagesEl.scrollTop - messagesEl.clientHeight < 40;
    messagesEl.append(item);
    if (atBottom) messagesEl.scrollTop = messagesEl.scrollHeight;
  } else if (counts) {
    v.unread++;
    renderLists();
  }
}

function show(key: string): void {
  current = key;
  const v = view(key);
  v.unread = 0;
  messagesEl.replaceChildren(...v.items);
  messagesEl.scrollTop = messagesEl.scrollHeight;
  titleEl.textContent = v.kind === 'room' ? v.name : `@${v.name}`;
  topicEl.textContent = v.topic ?? '';
  side.classList.remove('open');
  $('toggle-side').setAttribute('aria-expanded', 'false');
  renderLists();
  textInput.focus();
}

function listItem(label: string, active: boolean, right: string, badge: number, onPick: () => void): HTMLLIElement {
  const li = document.createElement('li');
  li.tabIndex = 0;
  li.setAttribute('role', 'button');
  if (active) li.setAttribute('aria-current', 'true');
  li.append(span('label', label));
  const tail = document.createElement('span');
  if (right !== '') tail.append(span('count', right));
  if (badge > 0) tail.append(' ', span('badge', String(badge)));
  li.append(tail);
  li.addEventListener('click', onPick);
  li.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      onPick();
    }
  });
  return li;
}

function renderLists(): void {
  const counts = new Map(allRooms.map((r) => [r.name.toLowerCase(), r.members]));
  const joined = [...views.values()].filter((v) => v.kind === 'room');
  const rooms = joined.map((v) =>
    listItem(v.name, v.key === current, String(counts.get(v.name.toLowerCase()) ?? v.members.size), v.unread, () => show(v.key)),
  );
  for (const r of allRooms) {
    if (joined.some((v) => v.name.toLowerCase() === r.name.toLowerCase())) continue;
    rooms.push(listItem(r.name, false, String(r.members), 0, () => sendLine(`/join ${r.name}`)));
  }
  roomsEl.replaceChildren(...rooms);
  privatesEl.replaceChildren(
    ...[...views.values()].filter((v) => v.kind === 'private').map((v) => listItem(`@${v.name}`, v.key === current, '', v.unread, () => show(v.key))),
  );
  const cur = views.get(current);
  const members = cur?.kind === 'room' ? [...cur.members].sort((a, b) => a.localeCompare(b)) : cur ? [cur.name, me ?? ''] : [];
  membersEl.replaceChildren(
    ...members.map((n) => {
      const li = listItem(n, false, '', 0, () => {
        if (n !== me) show(`@${n}`);
      });
      li.querySelector('.label')!.replaceWith(nickSpan(n));
      return li;
    }),
  );
}

function setState(text: string, down: boolean): void {
  stateEl.textContent = text;
  stateEl.classList.toggle('down', down);
}

// ---- events from the server -----------------------------------------------------------

function historyItems(messages: readonly SaidEvent[]): HTMLLIElement[] {
  return messages.map((m) => messageItem(m.time, m.nick, m.text, m.action === true, 'history'));
}

function onEvent(e: ChatEvent): void {
  switch (e.type) {
    case 'hello':
      if (wanted !== null) sendLine(wanted);
      return;
    case 'welcome': {
      me = e.nick;
      localStorage.setItem('papo.nick', e.nick);
      const rejoin = [...views.values()].filter((v) => v.kind === 'room' && v.key !== e.room).map((v) => v.key);
      const v = view(e.room);
      v.members.clear();
      for (const n of [...e.present, e.nick]) v.members.add(n);
      v.topic = e.topic;
      loginForm.hidden = true;
      chat.hidden = false;
      attempt = 0;
      setState(WORDS.online, false);
      for (const line of catalog.lines(e)) add(e.room, noticeItem(line.replace(/^\*\*\* /, '')));
      for (const room of rejoin) sendLine(`/join ${room}`);
      show(views.has(current) ? current : e.room);
      sendLine('/rooms');
      window.clearInterval(roomsTimer);
      roomsTimer = window.setInterval(() => sendLine('/rooms'), 15_000);
      return;
    }
    case 'entered': {
      const v = view(e.room);
      v.members.clear();
      for (const n of e.present) v.members.add(n);
      if (me !== null) v.members.add(me);
      v.topic = e.topic;
      for (const line of catalog.lines(e)) add(e.room, noticeItem(line.replace(/^\*\*\* /, '')));
      show(e.room);
      sendLine('/rooms');
      return;
    }
    case 'said':
      add(e.room, messageItem(e.time, e.nick, e.text, e.action === true), true);
      return;
    case 'private':
    case 'private-sent': {
      const other = e.type === 'private' ? e.from : e.to;
      const li = messageItem(e.time, e.from, e.text, e.action === true, 'private');
      li.prepend(span('mark', catalog.privateMark(e.to, e.type === 'private')));
      li.querySelector('.mark')!.after(li.querySelector('.time')!);
      add(`@${other}`, li, true);
      renderLists();
      return;
    }
    case 'joined':
      view(e.room).members.add(e.nick);
      add(e.room, noticeItem(catalog.joined(e.nick, e.room, e.first)));
      renderLists();
      return;
    case 'left':
      if (e.nick === me) {
        views.delete(e.room);
        if (current === e.room) show('#geral');
        sendLine('/rooms');
        return;
      }
      view(e.room).members.delete(e.nick);
      add(e.room, noticeItem(catalog.left(e.nick, e.room, e.reason)));
      renderLists();
      return;
    case 'renamed':
      for (const v of views.values()) {
        if (v.members.delete(e.old)) {
          v.members.add(e.nick);
          add(v.key, noticeItem(catalog.lines(e)[0]!));
        }
      }
      if (e.old === me) me = e.nick;
      renderLists();
      return;
    case 'topic': {
      const v = view(e.room);
      v.topic = e.topic;
      if (e.room === current) topicEl.textContent = e.topic ?? '';
      add(e.room, noticeItem(catalog.lines(e)[0]!.replace(/^\*\*\* /, '')));
      return;
    }
    case 'rooms':
      allRooms = e.rooms;
      renderLists();
      return;
    case 'who': {
      const v = view(e.room);
      v.members.clear();
      for (const n of e.nicks) v.members.add(n);
      renderLists();
      return;
    }
    case 'history': {
      const v = view(e.room);
      v.more = e.more;
      v.loadingHistory = false;
      const items = historyItems(e.messages);
      v.items.unshift(...items);
      if (e.room === current) {
        const fromBottom = messagesEl.scrollHeight - messagesEl.scrollTop;
        messagesEl.prepend(...items);
        messagesEl.scrollTop = messagesEl.scrollHeight - fromBottom;
      }
      return;
    }
    case 'error':
      if (me === null) {
        loginError.textContent = catalog.error(e.code, e.subject, e.other);
        loginForm.hidden = false;
        return;
      }
      add(current, noticeItem(catalog.error(e.code, e.subject, e.other), 'err'));
      return;
    case 'help':
      for (const line of catalog.lines(e)) add(current, noticeItem(line.replace(/^\*\*\* /, '')));
      return;
    case 'closing':
      setState(WORDS.closing, true);
      return;
    default:
      return;
  }
}

// ---- connection ----------------------------------------------------------------------

function sendLine(text: string, room?: string): void {
  if (socket?.readyState !== WebSocket.OPEN) return;
  socket.send(JSON.stringify(room === undefined ? { type: 'line', text } : { type: 'line', text, room }));
}

function connect(): void {
  setState(WORDS.connecting, false);
  const ws = new WebSocket(`${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`);
  socket = ws;
  ws.addEventListener('message', (m) => {
    try {
      onEvent(JSON.parse(String(m.data)) as ChatEvent);
    } catch (err) {
      console.error('papo: bad event', err);
    }
  });
  ws.addEventListener('close', () => {
    if (socket !== ws) return;
    socket = null;
    window.clearInterval(roomsTimer);
    const delay = Math.min(500 * 2 ** attempt, 30_000);
    attempt++;
    setState(WORDS.retry(Math.round(delay / 100) / 10), true);
    window.setTimeout(connect, delay);
  });
}

loginForm.addEventListener('submit', (e) => {
  e.preventDefault();
  wanted = nickInput.value.trim();
  if (wanted === '') return;
  loginError.textContent = '';
  if (socket === null) connect();
  else sendLine(wanted);
});

$<HTMLFormElement>('say').addEventListener('submit', (e) => {
  e.preventDefault();
  const text = textInput.value.trimEnd();
  if (text.trim() === '') return;
  textInput.value = '';
  const v = view(current);
  if (v.kind === 'private') {
    sendLine(text.startsWith('/') && !text.startsWith('//') ? text : `/msg ${v.name} ${text.replace(/^\//, '')}`);
    return;
  }
  sendLine(text, v.key);
  if (me !== null && (!text.startsWith('/') || text.startsWith('//'))) {
    add(v.key, messageItem(Date.now(), me, text.startsWith('//') ? text.slice(1) : text, false));
  } else if (me !== null && /^\/(me|eu) /i.test(text)) {
    add(v.key, messageItem(Date.now(), me, text.replace(/^\/\S+ /, ''), true));
  }
});

$<HTMLFormElement>('join-form').addEventListener('submit', (e) => {
  e.preventDefault();
  const input = $<HTMLInputElement>('join-room');
  const name = input.value.trim();
  if (name !== '') sendLine(`/join ${name}`);
  input.value = '';
});

$('toggle-side').addEventListener('click', () => {
  const open = side.classList.toggle('open');
  $('toggle-side').setAttribute('aria-expanded', String(open));
});

messagesEl.addEventListener('scroll', () => {
  const v = views.get(current);
  if (messagesEl.scrollTop > 10 || v === undefined || v.kind !== 'room' || !v.more || v.loadingHistory) return;
  v.loadingHistory = true;
  sendLine('/history 50', v.key);
});
