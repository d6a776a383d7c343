/**
 * Property-based tests (fast-check) of the pure layers: framing, line parsing, sanitising,
 * UTF-8 cut detection, nickname rules and the three event codecs. Each property states what
 * must hold for every input, and fast-check throws random (and nasty) inputs at it, shrinking
 * any counterexample to a small one. `numRuns` is kept modest so the file runs in seconds.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { Catalog } from '../../src/codecs/catalog.ts';
import { decodeJsonEvent, JsonCodec } from '../../src/codecs/json-codec.ts';
import { parseLine } from '../../src/codecs/line-command.ts';
import { LineSplitter } from '../../src/codecs/line-splitter.ts';
import { OriginalCodec } from '../../src/codecs/original-codec.ts';
import { TextCodec } from '../../src/codecs/text-codec.ts';
import { incompleteUtf8Tail } from '../../src/codecs/utf8.ts';
import type { ChatEvent, ErrorCode, LeaveReason, SaidEvent } from '../../src/core/events.ts';
import { caseKey, checkNickname, coerceNickname, freeVariant, MAX_NICK_CHARS, nicknameKeys } from '../../src/core/nickname.ts';
import { sanitizeText } from '../../src/core/sanitize.ts';

const LF = 0x0a;
const CR = 0x0d;

/** Throws unless `bytes` is well-formed UTF-8; returns the text. */
function strictUtf8(bytes: Uint8Array): string {
  // ignoreBOM: keep a leading U+FEFF as text (by default the decoder would drop it).
  return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
}

/** fc.record, with ordinary objects (as JSON.parse makes) rather than null-prototype ones. */
function record<T>(model: { [K in keyof T]: fc.Arbitrary<T[K]> }): fc.Arbitrary<T> {
  return fc.record(model, { noNullPrototype: true }) as fc.Arbitrary<T>;
}

function concat(parts: readonly Uint8Array[]): Buffer {
  return Buffer.concat(parts.map((p) => Buffer.from(p.buffer, p.byteOffset, p.byteLength)));
}

// ---- shared generators -------------------------------------------------------------------

/** Pieces of text that have broken chat programs: escapes, controls, bidi, surrogates, marks. */
const NASTY = [
  '\x1b[31m', '\x1b[0m', '\x1b[2J\x1b[H', '\x1b]0;title\x07', '\x1b]8;;http://e.x\x1b\\', '\x1bP1$r\x1b\\', '\x1b', '\x1b[',
  '\x9b31m', '\x9d0;t\x9c', '\x90q\x9c', '\x00', '\x07', '\x08', '\t', '\n', '\r', '\r\n', '\x0b', '\x0c', '\x7f', '\x80',
  '\x85', '\x9f', '\u00a0', '\u200b', '\u200d', '\u200e', '\u200f', '\u061c', '\u202a', '\u202b', '\u202c', '\u202d',
  '\u202e', '\u2066', '\u2067', '\u2068', '\u2069', '\u2028', '\u2029', '\ufeff', '\ufffd', '\ud800', '\udfff', '\ud83d',
  '😀', '👍🏽', '👩‍👩‍👧', 'é', 'e\u0301', '\u0301', 'ß', 'ẞ', 'ΐ', 'ς', 'İ', 'ı', '日本語', 'مرحبا', 'עברית', '\u0958',
  ' ', '  ', '/', '//', '*** ', ' >> ', 'sair', 'SAIR', '#geral', '%s', '${x}', '"', '\\', '{"type":"said"}',
];

const nasty = fc.constantFrom(...NASTY);

/** Any text a client might send, decoded as the server decodes it (and some it cannot send). */
const rawText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.string({ unit: fc.oneof(nasty, fc.string({ unit: 'grapheme', maxLength: 2 }), fc.string({ unit: 'binary-ascii', maxLength: 3 })), maxLength: 12 }),
  fc.uint8Array({ maxLength: 40 }).map((b) => Buffer.from(b).toString('utf8')),
);

/** Text as the hub passes it on: sanitised. */
const cleanText = rawText.map(sanitizeText);

// ---- LineSplitter ------------------------------------------------------------------------

type Framed = string; // a line's bytes in hex, or TOO_LONG

const TOO_LONG = 'TOO_LONG';

/** Runs a splitter over `chunks`, checking the memory bound after every push. */
function runSplitter(max: number, chunks: readonly Buffer[]): { out: Framed[]; pending: Buffer } {
  const out: Framed[] = [];
  const splitter = new LineSplitter(max, {
    // Copied at once: the buffer may be a view of the chunk.
    line: (b) => out.push(Buffer.from(b).toString('hex')),
    lineTooLong: () => out.push(TOO_LONG),
  });
  for (const chunk of chunks) {
    splitter.push(chunk);
    assert.ok(splitter.pendingBytes <= max + 1, `pendingBytes ${splitter.pendingBytes} > ${max} + 1`);
  }
  const pendingBytes = splitter.pendingBytes;
  const pending = splitter.takePending();
  assert.equal(pending.length, pendingBytes);
  return { out, pending };
}

/** The framing rules, written plainly, for the whole input at once. */
function referenceFraming(max: number, input: Buffer): { out: Framed[]; pending: Buffer } {
  const out: Framed[] = [];
  let start = 0;
  for (;;) {
    const lf = input.indexOf(LF, start);
    if (lf === -1) break;
    let line = input.subarray(start, lf);
    if (line.length > 0 && line[line.length - 1] === CR) line = line.subarray(0, -1);
    out.push(line.length > max ? TOO_LONG : line.toString('hex'));
    start = lf + 1;
  }
  const tail = input.subarray(start);
  // An unfinished line is reported as soon as it cannot fit (one byte of slack for a CR).
  if (tail.length > max + 1) return { out: [...out, TOO_LONG], pending: Buffer.alloc(0) };
  return { out, pending: Buffer.from(tail) };
}

const byteToken = fc.oneof(
  { weight: 3, arbitrary: fc.constant(Uint8Array.of(LF)) },
  { weight: 2, arbitrary: fc.constant(Uint8Array.of(CR)) },
  { weight: 2, arbitrary: fc.constant(Uint8Array.of(CR, LF)) },
  { weight: 3, arbitrary: fc.uint8Array({ maxLength: 12 }) },
  { weight: 3, arbitrary: fc.string({ unit: 'binary', maxLength: 6 }).map((s) => new Uint8Array(Buffer.from(s, 'utf8'))) },
  {
    weight: 2,
    // Invalid UTF-8: stray continuation, cut sequences, overlong, surrogate, beyond U+10FFFF.
    arbitrary: fc.constantFrom(
      [0x80], [0xbf], [0xc3], [0xe2, 0x82], [0xf0, 0x9f, 0x98], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xff], [0xfe],
    ).map((a) => Uint8Array.from(a)),
  },
  { weight: 2, arbitrary: fc.integer({ min: 0, max: 70 }).map((n) => new Uint8Array(n).fill(0x78)) },
);

const framingCase = fc
  .record({
    max: fc.integer({ min: 1, max: 48 }),
    input: fc.array(byteToken, { maxLength: 40 }).map(concat),
    cuts: fc.array(fc.nat(), { maxLength: 24 }),
  })
  .map(({ max, input, cuts }) => {
    // Cut points anywhere, empty chunks included.
    const points = cuts.map((c) => c % (input.length + 1)).sort((a, b) => a - b);
    const chunks: Buffer[] = [];
    let from = 0;
    for (const p of points) {
      chunks.push(input.subarray(from, p));
      from = p;
    }
    chunks.push(input.subarray(from));
    return { max, input, chunks };
  });

describe('LineSplitter (property)', () => {
  it('gives the same lines and over-long reports however the input is cut, and as the plain rules say', () => {
    fc.assert(
      fc.property(framingCase, ({ max, input, chunks }) => {
        const whole = runSplitter(max, [input]);
        const cut = runSplitter(max, chunks);
        assert.deepEqual(cut.out, whole.out, 'chunked == whole');
        assert.deepEqual(cut.pending.toString('hex'), whole.pending.toString('hex'), 'same unfinished line held');
        const ref = referenceFraming(max, input);
        assert.deepEqual(whole.out, ref.out, 'whole == reference');
        assert.equal(whole.pending.toString('hex'), ref.pending.toString('hex'));
      }),
      { numRuns: 1500 },
    );
  });

  it('single bytes at a time give the same result as the whole input', () => {
    fc.assert(
      fc.property(framingCase, ({ max, input }) => {
        const bytes = Array.from(input, (b) => Buffer.from([b]));
        assert.deepEqual(runSplitter(max, bytes).out, runSplitter(max, [input]).out);
      }),
      { numRuns: 300 },
    );
  });

  it('never holds more than maxLineBytes + 1 however long an unterminated stream runs', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 200 }),
        fc.array(fc.uint8Array({ minLength: 1, maxLength: 400 }).map((b) => Buffer.from(b.map((x) => (x === LF ? 0x41 : x)))), { maxLength: 30 }),
        (max, chunks) => {
          const { out } = runSplitter(max, chunks);
          assert.ok(out.every((o) => o === TOO_LONG));
          assert.ok(out.length <= 1, 'an endless line is reported once');
        },
      ),
      { numRuns: 300 },
    );
  });
});

// ---- parseLine ---------------------------------------------------------------------------

const lineText = fc.oneof(
  rawText,
  fc.tuple(fc.constantFrom('/', '//', '/ ', '///', ' /', 'sair', ' Sair\t', 'SAIR\u00a0'), rawText).map(([a, b]) => a + b),
  fc.tuple(fc.constantFrom('help', 'msg', 'nick', 'join', 'topic', 'me', 'x', ''), fc.array(fc.constantFrom('', ' ', '  ', 'a', 'b c', '\t', 'é'), { maxLength: 6 }))
    .map(([name, words]) => '/' + name + words.join(' ')),
);

describe('parseLine (property)', () => {
  it('always gives one of the three commands, never throws, and keeps what was typed', () => {
    fc.assert(
      fc.property(lineText, (line) => {
        const c = parseLine(line);
        assert.ok(c.kind === 'say' || c.kind === 'quit' || c.kind === 'slash', `kind ${String((c as { kind: unknown }).kind)}`);
        assert.equal(c.kind === 'quit', line.trim().toLowerCase() === 'sair', 'quit exactly for sair in any case');
        if (line.startsWith('//')) assert.deepEqual(c, { kind: 'say', text: line.slice(1) }, '//x says /x');
        else if (line.startsWith('/')) {
          assert.equal(c.kind, 'slash');
          if (c.kind !== 'slash') return;
          assert.ok(!c.name.includes(' '), 'a command name has no space');
          assert.ok(line.startsWith('/' + c.name));
          assert.ok(!c.rest.startsWith(' '), 'rest starts after the spaces');
          assert.ok(line.endsWith(c.rest));
          assert.ok(c.args.every((a) => a !== '' && !a.includes(' ')), 'args are words');
          assert.deepEqual(c.args, c.rest.split(' ').filter((w) => w !== ''));
        } else if (c.kind === 'say') assert.equal(c.text, line, 'a plain line is said as typed');
      }),
      { numRuns: 3000 },
    );
  });

  it('//x says /x for any x', () => {
    fc.assert(
      fc.property(rawText, (x) => {
        assert.deepEqual(parseLine('//' + x), { kind: 'say', text: '/' + x });
      }),
      { numRuns: 1000 },
    );
  });
});

// ---- sanitizeText ------------------------------------------------------------------------

/** C0 (tab included: it becomes a space), DEL, C1, bidi embeddings/overrides/isolates, LS/PS. */
const UNSAFE_CHAR = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\u2028\u2029]/;

/** Printable text: letters of many scripts, emoji, marks, joiners, punctuation; nothing unsafe. */
const safeText = fc.string({
  unit: fc.oneof(
    fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }),
    fc.constantFrom('é', 'e\u0301', '日本語', 'مرحبا', '😀', '👩‍👩‍👧', '\u200b', '\u200d', '\u200e', '\u200f', '\u00a0', '\ufeff', '\ufffd', '[31m', ']0;', '>>', ' '),
  ),
  maxLength: 30,
}).filter((s) => !UNSAFE_CHAR.test(s));

describe('sanitizeText (property)', () => {
  it('never leaves a control character, ESC, DEL or bidi override', () => {
    fc.assert(
      fc.property(rawText, (text) => {
        const out = sanitizeText(text);
        assert.doesNotMatch(out, UNSAFE_CHAR);
        assert.ok(!out.includes('\x1b'));
      }),
      { numRuns: 3000 },
    );
  });

  it('is idempotent', () => {
    fc.assert(
      fc.property(rawText, (text) => {
        const once = sanitizeText(text);
        assert.equal(sanitizeText(once), once);
      }),
      { numRuns: 2000 },
    );
  });

  it('leaves plain printable text unchanged, and keeps it around removed sequences', () => {
    fc.assert(
      fc.property(safeText, safeText, (a, b) => {
        assert.equal(sanitizeText(a), a);
        assert.equal(sanitizeText(a + '\x1b[1;31m' + b), a + b);
        assert.equal(sanitizeText(a + '\t' + b), a + ' ' + b);
        assert.equal(sanitizeText(a + '\u202e' + b + '\u202c'), a + b);
      }),
      { numRuns: 1000 },
    );
  });
});

// ---- incompleteUtf8Tail ------------------------------------------------------------------

describe('incompleteUtf8Tail (property)', () => {
  it("counts the bytes of a character cut at any point of valid UTF-8", () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.oneof(fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }), fc.constantFrom('a', 'é', '日', '😀')), maxLength: 20 }), fc.nat(), (s, n) => {
        const bytes = Buffer.from(s, 'utf8');
        const cut = n % (bytes.length + 1);
        // Where each character starts, and how long it is.
        let expected = 0;
        let at = 0;
        for (const ch of s) {
          const len = Buffer.byteLength(ch, 'utf8');
          if (cut > at && cut < at + len) expected = cut - at;
          at += len;
        }
        const prefix = bytes.subarray(0, cut);
        assert.equal(incompleteUtf8Tail(prefix), expected, `cut at ${cut} of ${bytes.toString('hex')}`);
        strictUtf8(prefix.subarray(0, prefix.length - expected)); // what is not held decodes
      }),
      { numRuns: 2000 },
    );
  });

  it('is between 0 and 3 and never more than the input, for any bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 8 }), (b) => {
        const t = incompleteUtf8Tail(b);
        assert.ok(Number.isInteger(t) && t >= 0 && t <= 3 && t <= b.length);
      }),
      { numRuns: 1000 },
    );
  });
});

// ---- nicknames ---------------------------------------------------------------------------

/** Every code point a nickname may contain (letters, marks, digits, `_ - .`), up to U+2FFFF. */
const NICK_CHARS: string[] = [];
for (let cp = 0; cp <= 0x2ffff; cp++) {
  if (cp >= 0xd800 && cp <= 0xdfff) continue;
  const ch = String.fromCodePoint(cp);
  if (/^[\p{L}\p{M}\p{Nd}_.-]$/u.test(ch)) NICK_CHARS.push(ch);
}
/** Characters whose case mappings are unusual (expand, change normalisation, special folds). */
const CASE_SPECIALS = ['ß', 'ẞ', 'ΐ', 'ΰ', 'ῒ', 'ῢ', 'ς', 'σ', 'Σ', 'İ', 'ı', 'i', 'I', 'ǰ', 'ŉ', 'ﬀ', 'ﬃ', 'ǅ', 'Ꭰ', 'ꭰ', 'K', 'Å', 'Ω', 'ά', 'Ά'];
const COMBINING = ['\u0301', '\u0308', '\u0323', '\u0307', '\u0313', '\u0342', '\u093c', '\u05b4'];

const nickChar = fc.oneof(
  { weight: 4, arbitrary: fc.nat({ max: NICK_CHARS.length - 1 }).map((i) => NICK_CHARS[i]!) },
  { weight: 4, arbitrary: fc.constantFrom(...'abcXYZ019_.-') },
  { weight: 2, arbitrary: fc.constantFrom(...CASE_SPECIALS) },
  { weight: 2, arbitrary: fc.constantFrom(...COMBINING) },
);

/** Anything the original client may send as its nickname. */
const anyNickInput = fc.string({
  unit: fc.oneof(nickChar, nasty, fc.constantFrom(' ', '\t', '\u3000', '!', '*', '>', '@', '😀'), fc.string({ unit: 'binary', minLength: 1, maxLength: 1 })),
  maxLength: 45,
});

/** Nicknames that pass `checkNickname`, as it returns them. */
const validNick = fc
  .string({ unit: nickChar, minLength: 1, maxLength: MAX_NICK_CHARS })
  .map((s) => checkNickname(s))
  .filter((c): c is { ok: true; nick: string } => c.ok)
  .map((c) => c.nick);

describe('nicknames (property)', () => {
  it('coerceNickname of any string passes checkNickname', () => {
    fc.assert(
      fc.property(anyNickInput, (raw) => {
        const nick = coerceNickname(raw, 'anonimo');
        const check = checkNickname(nick);
        assert.ok(check.ok, `${JSON.stringify(raw)} -> ${JSON.stringify(nick)}: ${JSON.stringify(check)}`);
      }),
      { numRuns: 3000 },
    );
  });

  it('freeVariant gives a free, valid nickname of at most 32 characters', () => {
    fc.assert(
      fc.property(anyNickInput, fc.integer({ min: 0, max: 40 }), (raw, takenCount) => {
        const base = coerceNickname(raw, 'anonimo');
        // An adversary: the first `takenCount` names asked about are taken.
        const taken = new Set<string>();
        let calls = 0;
        const isFree = (n: string): boolean => {
          calls++;
          if (calls > 10_000) throw new Error('freeVariant does not stop');
          const key = caseKey(n);
          if (taken.has(key)) return false;
          if (taken.size < takenCount) {
            taken.add(key);
            return false;
          }
          return true;
        };
        const v = freeVariant(base, isFree);
        assert.ok(!taken.has(caseKey(v)), 'the variant is free');
        assert.ok(Array.from(v).length <= MAX_NICK_CHARS, `${v} is within ${MAX_NICK_CHARS} characters`);
        assert.ok(checkNickname(v).ok, `${JSON.stringify(v)} is a valid nickname`);
        if (takenCount === 0) assert.equal(v, base);
      }),
      { numRuns: 1000 },
    );
  });

  // A nickname and its upper- and lower-case forms are the same person. Unicode case mapping
  // breaks this in one place, which the property leaves out: Greek iota subscript (U+0345
  // YPOGEGRAMMENI, alone or inside a precomposed letter such as ᾳ ᾷ ῴ). Its upper case is a
  // capital iota, a base character rather than a mark, so upper-casing moves it past the marks
  // that follow (`ᾷ̰` -> `Α͂Ι̰`: the U+0330 below now sits on the iota), and the two strings stop
  // being canonically equivalent; keys built from toUpperCase / toLowerCase / normalize (NFC or
  // NFD, before and after) do not match them. Every other script is kept in: for all of them a
  // key that normalises after case mapping, and sends ẞ to ss like ß, passes this property.
  it('caseKey ignores case: key(x) === key(x.toUpperCase()) === key(x.toLowerCase())', () => {
    fc.assert(
      fc.property(
        validNick.filter((x) => !x.normalize('NFD').includes('\u0345')),
        (x) => {
          assert.equal(caseKey(x.toUpperCase()), caseKey(x), `upper case of ${JSON.stringify(x)} (${JSON.stringify(x.toUpperCase())})`);
          assert.equal(caseKey(x.toLowerCase()), caseKey(x), `lower case of ${JSON.stringify(x)} (${JSON.stringify(x.toLowerCase())})`);
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('caseKey and nicknameKeys are the same for canonically equivalent spellings', () => {
    fc.assert(
      fc.property(validNick, (x) => {
        assert.equal(caseKey(x.normalize('NFD')), caseKey(x));
        // nicknameKeys also looks at the upper-case form, which for the Greek iota subscript
        // (U+0345) stops being canonically equivalent (see the case property above): leave it out.
        if (!x.normalize('NFD').includes('\u0345')) {
          assert.deepEqual(nicknameKeys(x.normalize('NFD')).sort(), nicknameKeys(x).sort());
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('a nickname and its upper- and lower-case forms always conflict (share a look-alike key)', () => {
    fc.assert(
      fc.property(validNick, (x) => {
        const keys = new Set(nicknameKeys(x));
        for (const other of [x.toUpperCase(), x.toLowerCase()]) {
          assert.ok(nicknameKeys(other).some((k) => keys.has(k)), `${JSON.stringify(x)} and ${JSON.stringify(other)}`);
        }
      }),
      { numRuns: 2000 },
    );
  });
});

// ---- codecs ------------------------------------------------------------------------------

const ERROR_CODES = Object.keys({
  NICK_EMPTY: 1, NICK_TOO_LONG: 1, NICK_BAD_CHAR: 1, NICK_IN_USE: 1, NICK_LOOKS_LIKE: 1, NICK_UNCHANGED: 1, NO_SUCH_NICK: 1, ROOM_BAD_NAME: 1,
  NO_SUCH_ROOM: 1, ALREADY_IN_ROOM: 1, TOO_MANY_ROOMS: 1, NOT_IN_ROOM: 1, CANNOT_PART_DEFAULT: 1, TOPIC_TOO_LONG: 1, BAD_NUMBER: 1,
  LINE_TOO_LONG: 1, BAD_MESSAGE: 1, UNKNOWN_COMMAND: 1, MISSING_ARGUMENT: 1, UNKNOWN_FORMAT: 1, NOT_REGISTERED: 1, ALREADY_REGISTERED: 1,
  NICK_TIMEOUT: 1, FLOOD: 1, SERVER_FULL: 1, TOO_MANY_CONNECTIONS: 1,
} satisfies Record<ErrorCode, 1>) as ErrorCode[];

const LEAVE_REASONS = Object.keys({
  quit: 1, part: 1, dropped: 1, 'send-queue': 1, flood: 1, 'nick-timeout': 1, 'server-closing': 1, idle: 1,
} satisfies Record<LeaveReason, 1>) as LeaveReason[];

const time = fc.integer({ min: 0, max: 4_102_444_800_000 }); // up to 2100
const id = fc.nat();
const nick = cleanText;
const room = cleanText.map((r) => '#' + r);
const topic = fc.option(cleanText, { nil: null });
const names = fc.array(nick, { maxLength: 5 });
const action = fc.constantFrom<{ action?: boolean }>({}, { action: true }, { action: false });

const said: fc.Arbitrary<SaidEvent> = fc
  .tuple(record({ type: fc.constant('said' as const), id, time, room, nick, text: cleanText }), action)
  .map(([e, a]) => ({ ...e, ...a }));

function privateEvent<T extends 'private' | 'private-sent'>(type: T) {
  return fc
    .tuple(record({ type: fc.constant(type), id, time, from: nick, to: nick, text: cleanText }), action)
    .map(([e, a]) => ({ ...e, ...a }));
}

/** One generator per event type; the compiler checks that none is missing. */
const EVENTS: { [K in ChatEvent['type']]: fc.Arbitrary<Extract<ChatEvent, { type: K }>> } = {
  hello: record({ type: fc.constant('hello' as const), protocol: fc.nat({ max: 9 }) }),
  welcome: record({
    type: fc.constant('welcome' as const),
    time,
    nick,
    requested: fc.option(cleanText, { nil: null }),
    room,
    present: names,
    presentCount: fc.nat({ max: 100 }),
    topic,
  }),
  entered: record({ type: fc.constant('entered' as const), time, room, present: names, presentCount: fc.nat({ max: 100 }), topic }),
  said,
  private: privateEvent('private'),
  'private-sent': privateEvent('private-sent'),
  joined: record({ type: fc.constant('joined' as const), time, room, nick, first: fc.boolean() }),
  left: record({ type: fc.constant('left' as const), time, room, nick, reason: fc.constantFrom(...LEAVE_REASONS) }),
  renamed: record({ type: fc.constant('renamed' as const), time, old: nick, nick }),
  topic: record({ type: fc.constant('topic' as const), time, room, topic, nick: fc.option(nick, { nil: null }) }),
  rooms: record({
    type: fc.constant('rooms' as const),
    rooms: fc.array(record({ name: room, members: fc.nat({ max: 1000 }), topic }), { maxLength: 5 }),
  }),
  who: record({ type: fc.constant('who' as const), room, nicks: names }),
  history: record({ type: fc.constant('history' as const), room, messages: fc.array(said, { maxLength: 5 }), more: fc.boolean() }),
  error: fc.record(
    { type: fc.constant('error' as const), code: fc.constantFrom(...ERROR_CODES), subject: cleanText, other: cleanText, retry: fc.boolean() },
    { requiredKeys: ['type', 'code'], noNullPrototype: true },
  ),
  help: record({ type: fc.constant('help' as const) }),
  format: record({ type: fc.constant('format' as const), format: fc.constantFrom('text' as const, 'json' as const) }),
  ping: record({ type: fc.constant('ping' as const), time }),
  closing: record({ type: fc.constant('closing' as const) }),
};

const anyEvent: fc.Arbitrary<ChatEvent> = fc.oneof(...Object.values(EVENTS) as fc.Arbitrary<ChatEvent>[]);

/** Control characters other than LF, and bidi overrides: none may reach a screen. */
const CONTROL_BUT_LF = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

describe('codecs (property)', () => {
  for (const lang of ['pt', 'en'] as const) {
    const catalog = new Catalog(lang);
    const textCodec = new TextCodec(catalog);
    const originalCodec = new OriginalCodec(catalog);

    it(`text codec (${lang}): valid UTF-8, one LF per line and exactly one at the end, no other controls`, () => {
      fc.assert(
        fc.property(anyEvent, (event) => {
          const bytes = textCodec.encode(event);
          const text = strictUtf8(bytes);
          // An event with no words for a person (a ping, which only structured clients get)
          // encodes to nothing at all.
          if (catalog.lines(event).length === 0) return assert.equal(text, '');
          assert.ok(text.endsWith('\n') && !text.endsWith('\n\n'), `ends with exactly one LF: ${JSON.stringify(text)}`);
          assert.doesNotMatch(text, CONTROL_BUT_LF);
          // No field can start a line of its own: one LF per line the catalog renders.
          assert.equal(text.split('\n').length - 1, catalog.lines(event).length);
        }),
        { numRuns: 1500 },
      );
    });

    it(`original codec (${lang}): valid UTF-8, no trailing LF, no other controls`, () => {
      fc.assert(
        fc.property(anyEvent, (event) => {
          const text = strictUtf8(originalCodec.encode(event));
          assert.ok(!text.endsWith('\n'), `no trailing LF: ${JSON.stringify(text)}`);
          assert.doesNotMatch(text, CONTROL_BUT_LF);
          if (catalog.lines(event).length === 0) return assert.equal(text, '');
          if (event.type !== 'history' && event.type !== 'welcome') {
            assert.equal(text + '\n', textCodec.encode(event).toString('utf8'), 'the text codec\'s lines without the last LF');
          }
        }),
        { numRuns: 1500 },
      );
    });
  }

  it('JSON codec: valid UTF-8, one line, and decodeJsonEvent gives back the same event', () => {
    const json = new JsonCodec();
    fc.assert(
      fc.property(anyEvent, (event) => {
        const text = strictUtf8(json.encode(event));
        assert.ok(text.endsWith('\n'));
        const line = text.slice(0, -1);
        assert.ok(!line.includes('\n') && !line.includes('\r'), 'one line');
        assert.deepEqual(decodeJsonEvent(line), event);
      }),
      { numRuns: 2000 },
    );
  });
});
