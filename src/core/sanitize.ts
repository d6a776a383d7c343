/**
 * Makes user text safe to show on anyone's terminal or page: no control characters, no
 * terminal escape sequences, no bidirectional overrides that reorder what others see.
 *
 * - ESC sequences (CSI `ESC [ ... final`, OSC `ESC ] ... BEL|ESC \`, and two-byte `ESC x`) are
 *   removed whole, so a colour or cursor code does not leave its parameters behind.
 * - C1 CSI (U+009B) and OSC (U+009D) sequences likewise.
 * - Tab becomes a space; other C0 and C1 controls and DEL are removed.
 * - Bidi embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069) are removed;
 *   line and paragraph separators (U+2028, U+2029) become spaces.
 */
export function sanitizeText(text: string): string {
  // Fast path: most chat lines are plain printable text.
  if (!UNSAFE.test(text)) return text;
  return text.replace(SEQUENCE, '').replace(SINGLE, replaceSingle);
}

// Anything that needs work.
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\u2028\u2029]/;

// Whole escape sequences. CSI: ESC [ or U+009B, parameter bytes 0x30-0x3F, intermediates
// 0x20-0x2F, one final byte 0x40-0x7E. OSC/DCS/APC/PM/SOS: ESC ] P _ ^ X (or their C1 forms)
// up to BEL or ST (ESC \ or U+009C), or the end of the text. Other ESC: ESC + one character.
const SEQUENCE =
  /(?:\u001b\[|\u009b)[\u0030-\u003f]*[\u0020-\u002f]*[\u0040-\u007e]?|(?:\u001b[\]P_^X]|[\u009d\u0090\u009f\u009e\u0098])[^\u0007\u001b\u009c]*(?:\u0007|\u001b\\|\u009c)?|\u001b[\s\S]?/g;

const SINGLE = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\u2028\u2029]/g;

function replaceSingle(ch: string): string {
  return ch === '\t' || ch === '\u2028' || ch === '\u2029' ? ' ' : '';
}
