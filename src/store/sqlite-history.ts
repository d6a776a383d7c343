import Database from 'better-sqlite3';
import type { PrivateEvent, SaidEvent } from '../core/events.js';
import type { HistoryStore } from '../core/history-store.js';
import { roomKey } from '../core/room.js';
import { MIGRATIONS } from './migrations.js';

/** Retention and wiring of the SQLite history. */
export interface SqliteHistoryOptions {
  /** Messages kept per room; older ones are deleted. Default 10000. */
  maxMessagesPerRoom?: number;
  /** Days a message is kept; null keeps them until `maxMessagesPerRoom` pushes them out. */
  maxDays?: number | null;
  /** Called when the first message of a batch is queued, so someone calls `commit` soon. */
  onPending?: () => void;
  clock?: () => number;
}

interface MessageRow {
  id: number;
  room: string;
  time: number;
  nick: string;
  text: string;
  action: number;
}

/**
 * Prune a room's excess once per this many messages appended to it, at least: the delete walks
 * `maxMessagesPerRoom` index entries (about 0.5 ms at 10,000), so it runs once per tenth of the
 * limit and costs well under a microsecond a message. Reads apply the limit exactly meanwhile.
 */
const PRUNE_EVERY_MIN = 100;
/** Rows per multi-row INSERT: a busy turn's messages go in statements of this many. */
const INSERT_ROWS = 32;
/** Prune by age at most this often, ms. */
const AGE_PRUNE_MS = 60_000;

/**
 * History in an SQLite file (better-sqlite3, WAL). Messages are queued by `append` and written
 * by `commit` in one transaction: papo commits once per event-loop turn, before that turn's
 * output reaches any socket.
 */
export class SqliteHistory implements HistoryStore {
  readonly #db: Database.Database;
  readonly #maxMessages: number;
  readonly #pruneEvery: number;
  readonly #maxDays: number | null;
  readonly #onPending: () => void;
  readonly #clock: () => number;
  #pending: SaidEvent[] = [];
  #pendingPrivate: PrivateEvent[] = [];
  /** Per room: messages appended since it was last pruned. */
  readonly #sincePrune = new Map<string, number>();
  #lastAgePrune = 0;
  readonly #insert: Database.Statement;
  /** `INSERT_ROWS` messages in one statement: half the cost per row of one statement each. */
  readonly #insertMany: Database.Statement;
  readonly #insertArgs: unknown[] = new Array(INSERT_ROWS * 6);
  readonly #insertPrivate: Database.Statement;
  readonly #recent: Database.Statement;
  readonly #recentBefore: Database.Statement;
  readonly #pruneCount: Database.Statement;
  readonly #pruneAge: Database.Statement;
  readonly #writeBatch: (messages: SaidEvent[], privates: PrivateEvent[]) => void;

  /** Opens (creating if needed) and migrates the database at `path` (`:memory:` keeps none). */
  constructor(path: string, options: SqliteHistoryOptions = {}) {
    this.#db = new Database(path);
    this.#db.pragma('journal_mode = WAL');
    // WAL with NORMAL survives the process being killed; only a power cut can lose the last turn.
    this.#db.pragma('synchronous = NORMAL');
    this.#db.pragma('busy_timeout = 5000');
    migrate(this.#db);
    this.#maxMessages = options.maxMessagesPerRoom ?? 10_000;
    this.#pruneEvery = Math.max(PRUNE_EVERY_MIN, Math.ceil(this.#maxMessages / 10));
    this.#maxDays = options.maxDays ?? null;
    this.#onPending = options.onPending ?? (() => {});
    this.#clock = options.clock ?? Date.now;
    this.#insert = this.#db.prepare('INSERT INTO messages (id, room, time, nick, text, action) VALUES (?, ?, ?, ?, ?, ?)');
    this.#insertMany = this.#db.prepare(
      `INSERT INTO messages (id, room, time, nick, text, action) VALUES ${Array(INSERT_ROWS).fill('(?, ?, ?, ?, ?, ?)').join(', ')}`,
    );
    this.#insertPrivate = this.#db.prepare(
      'INSERT INTO private_messages (id, time, from_nick, to_nick, text, action) VALUES (?, ?, ?, ?, ?, ?)',
    );
    // Retention deletes in batches; reads apply both rules exactly, so nobody ever sees more
    // than `maxMessagesPerRoom` messages of a room or one older than `maxDays`.
    const kept = 'SELECT * FROM messages WHERE room = @room AND time >= @since ORDER BY id DESC LIMIT @max';
    this.#recent = this.#db.prepare(`SELECT * FROM (${kept}) LIMIT @limit`);
    this.#recentBefore = this.#db.prepare(`SELECT * FROM (${kept}) WHERE id < @before LIMIT @limit`);
    this.#pruneCount = this.#db.prepare(
      'DELETE FROM messages WHERE room = ? AND id <= (SELECT id FROM messages WHERE room = ? ORDER BY id DESC LIMIT 1 OFFSET ?)',
    );
    this.#pruneAge = this.#db.prepare('DELETE FROM messages WHERE time < ?');
    this.#writeBatch = this.#db.transaction((messages: SaidEvent[], privates: PrivateEvent[]) => {
      let i = 0;
      const args = this.#insertArgs;
      for (; i + INSERT_ROWS <= messages.length; i += INSERT_ROWS) {
        for (let j = 0; j < INSERT_ROWS; j++) {
          const m = messages[i + j]!;
          const at = j * 6;
          args[at] = m.id;
          args[at + 1] = m.room;
          args[at + 2] = m.time;
          args[at + 3] = m.nick;
          args[at + 4] = m.text;
          args[at + 5] = m.action === true ? 1 : 0;
        }
        this.#insertMany.run(args);
      }
      for (; i < messages.length; i++) {
        const m = messages[i]!;
        this.#insert.run(m.id, m.room, m.time, m.nick, m.text, m.action === true ? 1 : 0);
      }
      for (const p of privates) this.#insertPrivate.run(p.id, p.time, p.from, p.to, p.text, p.action === true ? 1 : 0);
    });
  }

  lastId(): number {
    const row = this.#db
      .prepare('SELECT max(id) AS id FROM (SELECT max(id) AS id FROM messages UNION ALL SELECT max(id) FROM private_messages)')
      .get() as { id: number | null };
    return row.id ?? 0;
  }

  append(message: SaidEvent): void {
    if (this.#pending.length === 0 && this.#pendingPrivate.length === 0) this.#onPending();
    this.#pending.push(message);
  }

  appendPrivate(message: PrivateEvent): void {
    if (this.#pending.length === 0 && this.#pendingPrivate.length === 0) this.#onPending();
    this.#pendingPrivate.push(message);
  }

  /** Writes every queued message in one transaction, then applies retention; returns how many. */
  commit(): number {
    if (this.#pending.length === 0 && this.#pendingPrivate.length === 0) return 0;
    const messages = this.#pending;
    const privates = this.#pendingPrivate;
    this.#pending = [];
    this.#pendingPrivate = [];
    this.#writeBatch(messages, privates);
    for (const m of messages) {
      const n = (this.#sincePrune.get(m.room) ?? 0) + 1;
      if (n >= this.#pruneEvery) {
        this.#sincePrune.delete(m.room);
        this.#pruneCount.run(m.room, m.room, this.#maxMessages);
      } else {
        this.#sincePrune.set(m.room, n);
      }
    }
    this.#pruneByAge();
    return messages.length + privates.length;
  }

  /** Applies both retention rules to every room now (at start-up, and in tests). */
  prune(): void {
    const rooms = this.#db.prepare('SELECT DISTINCT room FROM messages').all() as Array<{ room: string }>;
    for (const { room } of rooms) this.#pruneCount.run(room, room, this.#maxMessages);
    this.#sincePrune.clear();
    this.#lastAgePrune = 0;
    this.#pruneByAge();
  }

  recent(room: string, limit: number, beforeId: number | null): SaidEvent[] {
    // Messages of this turn not yet committed count too.
    const pending = this.#pending.filter((m) => m.room === room && (beforeId === null || m.id < beforeId));
    const params = { room, since: this.#since(), max: this.#maxMessages, limit, before: beforeId };
    const rows = (beforeId === null ? this.#recent.all(params) : this.#recentBefore.all(params)) as MessageRow[];
    const out = rows.reverse().map(toEvent);
    return pending.length === 0 ? out : [...out, ...pending].slice(-Math.min(limit, this.#maxMessages));
  }

  topic(room: string): string | null {
    const row = this.#db.prepare('SELECT topic FROM rooms WHERE key = ?').get(roomKey(room)) as { topic: string | null } | undefined;
    return row?.topic ?? null;
  }

  setTopic(room: string, topic: string | null): void {
    this.#db
      .prepare('INSERT INTO rooms (key, name, topic) VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE SET name = excluded.name, topic = excluded.topic')
      .run(roomKey(room), room, topic);
  }

  /** Commits what is queued and closes the file. */
  close(): void {
    this.commit();
    this.#db.close();
  }

  /** The oldest time a message may have and still be shown. */
  #since(): number {
    return this.#maxDays === null ? 0 : this.#clock() - this.#maxDays * 86_400_000;
  }

  #pruneByAge(): void {
    if (this.#maxDays === null) return;
    const now = this.#clock();
    if (now - this.#lastAgePrune < AGE_PRUNE_MS) return;
    this.#lastAgePrune = now;
    this.#pruneAge.run(now - this.#maxDays * 86_400_000);
  }
}

function toEvent(row: MessageRow): SaidEvent {
  const base = { type: 'said', id: row.id, time: row.time, room: row.room, nick: row.nick, text: row.text } as const;
  return row.action === 1 ? { ...base, action: true } : base;
}

/** Applies the migrations the database has not had yet, each in its own transaction. */
export function migrate(db: Database.Database): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > MIGRATIONS.length) {
    throw new Error(`the history database is from a newer papo (schema ${current}, this papo knows ${MIGRATIONS.length})`);
  }
  for (let v = current; v < MIGRATIONS.length; v++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[v]!);
      db.pragma(`user_version = ${v + 1}`);
    })();
  }
}
