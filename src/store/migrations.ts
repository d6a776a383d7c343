/**
 * The history database's schema, as numbered migrations. Append only: a migration that has
 * shipped is never edited, since databases in the field were made by it. `user_version` holds
 * the number of the last one applied.
 */
export const MIGRATIONS: readonly string[] = [
  // 1: room messages.
  `CREATE TABLE messages (
     id   INTEGER PRIMARY KEY,
     room TEXT NOT NULL,
     time INTEGER NOT NULL,
     nick TEXT NOT NULL,
     text TEXT NOT NULL
   );
   CREATE INDEX messages_room_id ON messages (room, id);`,
  // 2: /me actions, private messages (kept only with --store-private), room topics.
  `ALTER TABLE messages ADD COLUMN action INTEGER NOT NULL DEFAULT 0;
   CREATE TABLE private_messages (
     id        INTEGER PRIMARY KEY,
     time      INTEGER NOT NULL,
     from_nick TEXT NOT NULL,
     to_nick   TEXT NOT NULL,
     text      TEXT NOT NULL,
     action    INTEGER NOT NULL DEFAULT 0
   );
   CREATE TABLE rooms (
     key   TEXT PRIMARY KEY,
     name  TEXT NOT NULL,
     topic TEXT
   );`,
  // 3: retention by age deletes by time.
  `CREATE INDEX messages_time ON messages (time);`,
];
