import { confusablesMap } from 'confusables';
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
 * A nickname's case-insensitive key: lower, upper, lower again, with NFKC before and NFC after,
 * so `caseKey(x) === caseKey(upper(x)) === caseKey(lower(x))` for every script (a property test
 * checks it), including `ß`/`ẞ`/`SS` and final/medial sigma. For lookups and completion.
 */
export function caseKey(nick: string): string {
  return nick.normalize('NFKC').toLowerCase().toUpperCase().toLowerCase().normalize('NFC').replace(/ς/g, 'σ');
}

/**
 * The keys under which a nickname is unique: two nicknames conflict when they share any. So
 * nobody can pass for someone else:
 * - case is ignored (`caseKey`);
 * - compatibility forms count as their plain letters (NFKC: fullwidth `ａｎａ`, `ﬁ`, `²`);
 * - letters of other scripts that look like Latin ones count as those (Cyrillic `аnа`, Greek
 *   `ΑΝΑ`, mathematical `𝔞𝔫𝔞` all conflict with `ana`), by the `confusables` package's table,
 *   applied to the nickname as typed and to its upper- and lower-case forms, since a letter
 *   can look Latin in one case and not the other (Greek `ΑΝΑ` looks like `ANA`, `ανα` like
 *   `ava`: it conflicts with both).
 * Latin letters keep their accents (`João` and `Joao` are different people), and different
 * names within one script stay different. Digits and letters that look alike (`0`/`O`,
 * `l`/`1`/`I`) are not folded.
 */
export function nicknameKeys(nick: string): string[] {
  const keys = new Set<string>([caseKey(nick)]);
  for (const form of [nick, nick.toUpperCase(), nick.toLowerCase()]) keys.add(caseKey(lookalike(form.normalize('NFKC'))));
  return Array.from(keys);
}

const LATIN = /\p{Script=Latin}/u;

function lookalike(text: string): string {
  let out = '';
  for (const ch of text) out += LATIN.test(ch) ? ch : (confusablesMap.get(ch) ?? ch);
  return out;
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
