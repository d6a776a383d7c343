/**
 * How many bytes at the end of `buf` begin a UTF-8 character that is not complete yet
 * (0 to 3). Used where a read must not be decoded until its last character has arrived.
 */
export function incompleteUtf8Tail(buf: Uint8Array): number {
  const len = buf.length;
  // Look back at most 3 bytes for the lead byte of the last character.
  for (let back = 1; back <= 3 && back <= len; back++) {
    const b = buf[len - back]!;
    if ((b & 0xc0) === 0x80) continue; // continuation byte: keep looking
    const need = b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 1;
    return need > back ? back : 0;
  }
  return 0;
}
