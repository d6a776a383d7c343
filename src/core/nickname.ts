import type { ErrorCode } from './events.js';

/** Longest nickname, in Unicode code points (after NFC normalisation). */
export const MAX_NICK_CHARS = 32;

// Letters of any script, decimal digits, `_ - .`; combining marks (needed by many scripts)
// may follow a letter but cannot start a nickname.
const NICK_FIRST = /^[\p{L}\p{Nd}_.-]$/u;
const NICK_REST = /^[\p{L}\p{M}\p{Nd}_.-]$/u;

export type NickCheck = { ok: true; nick: string } | { ok: false; code: ErrorCode };

/** Checks a requested nickname; on success returns it NFC-normalised. */
export function checkNickname(raw: string): NickCheck {
  const nick = raw.trim().normalize('NFC');
  if (nick.length === 0) return { ok: false, code: 'NICK_EMPTY' };
  let count = 0;
  for (const ch of nick) {
    const allowed = count === 0 ? NICK_FIRST.test(ch) : NICK_REST.test(ch);
    if (!allowed) return { ok: false, code: 'NICK_BAD_CHAR' };
    count++;
  }
  if (count > MAX_NICK_CHARS) return { ok: false, code: 'NICK_TOO_LONG' };
  return { ok: true, nick };
}

/**
 * The key under which a nickname is unique: case-insensitive, including the folds where
 * lower-casing alone is not enough (`ß`, `ẞ` and `SS`; final and medial sigma; Greek letters
 * whose upper case decomposes). Lower, upper, lower again, with NFC on both sides, makes
 * `key(x) === key(upper(x)) === key(lower(x))` (a property test checks it).
 */
export function nicknameKey(nick: string): string {
  return nick.normalize('NFC').toLowerCase().toUpperCase().toLowerCase().normalize('NFC').replace(/ς/g, 'σ');
}

/**
 * Makes a valid nickname out of whatever a client that cannot be asked again sent (the
 * original client): whitespace becomes `_`, other characters that are not allowed are dropped,
 * and the result is cut to the length limit. Empty input gives `fallback`.
 */
export function coerceNickname(raw: string, fallback: string): string {
  let out = '';
  let count = 0;
  for (const ch of raw.trim().normalize('NFC')) {
    if (count === MAX_NICK_CHARS) break;
    const c = /\s/u.test(ch) ? '_' : ch;
    if (count === 0 ? NICK_FIRST.test(c) : NICK_REST.test(c)) {
      out += c;
      count++;
    }
  }
  return out === '' ? fallback : out;
}

/**
 * The variant `base` + n (n = 2, 3, ...) that `isFree` accepts, cutting `base` so the result
 * stays within the length limit: `ana` -> `ana2`.
 */
export function freeVariant(base: string, isFree: (nick: string) => boolean): string {
  if (isFree(base)) return base;
  const chars = Array.from(base);
  for (let n = 2; ; n++) {
    const suffix = String(n);
    const candidate = chars.slice(0, MAX_NICK_CHARS - suffix.length).join('') + suffix;
    if (isFree(candidate)) return candidate;
  }
}
