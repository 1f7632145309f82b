/**
 * Checks bytes as UTF-8 chunk by chunk (sequences may span chunks): the byte offset of the first
 * byte that is not valid UTF-8 (overlong forms, surrogates and values past U+10FFFF included).
 */
export class Utf8Checker {
  private offset = 0;
  private need = 0;
  private lower = 0x80;
  private upper = 0xbf;
  private start = 0;

  /** @returns the offset of the first invalid byte in the stream so far, or -1 */
  write(bytes: Uint8Array): number {
    for (let i = 0; i < bytes.length; i += 1) {
      const b = bytes[i] as number;
      const at = this.offset + i;
      if (this.need === 0) {
        if (b < 0x80) continue;
        this.start = at;
        if (b >= 0xc2 && b <= 0xdf) this.need = 1;
        else if (b >= 0xe0 && b <= 0xef) {
          this.need = 2;
          if (b === 0xe0) this.lower = 0xa0;
          if (b === 0xed) this.upper = 0x9f;
        } else if (b >= 0xf0 && b <= 0xf4) {
          this.need = 3;
          if (b === 0xf0) this.lower = 0x90;
          if (b === 0xf4) this.upper = 0x8f;
        } else return at;
        continue;
      }
      if (b < this.lower || b > this.upper) return this.start;
      this.lower = 0x80;
      this.upper = 0xbf;
      this.need -= 1;
    }
    this.offset += bytes.length;
    return -1;
  }

  /** @returns the offset of a sequence cut off by the end of the stream, or -1 */
  end(): number {
    return this.need === 0 ? -1 : this.start;
  }
}
