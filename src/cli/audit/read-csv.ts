/** One parsed CSV line: its 1-based line number and its cells, or why it could not be read. */
export type CsvRecord =
  | { readonly line: number; readonly cells: readonly string[] }
  | { readonly line: number; readonly error: string };

/**
 * Splits RFC 4180 CSV text fed in chunks (quoted cells, doubled quotes, newlines inside quotes,
 * CRLF even across chunks, a leading byte-order mark) into records, holding one record at a time.
 * Blank lines are skipped; an unterminated quote makes the rest of the text one unreadable record.
 */
export class CsvStream {
  private cells: string[] = [];
  private cell = "";
  private line = 1;
  private startLine = 1;
  private quoted = false;
  private touched = false;
  /** A quote seen inside a quoted cell at a chunk's end: closing, or the first of a doubled pair. */
  private quotePending = false;
  /** A CR ended the last chunk: a LF starting the next belongs to it. */
  private crPending = false;
  private first = true;

  /** @param emit - receives each record in order */
  constructor(private readonly emit: (record: CsvRecord) => void) {}

  private endRecord(): void {
    if (this.touched || this.cells.length > 0) {
      this.cells.push(this.cell);
      this.emit({ line: this.startLine, cells: this.cells });
    }
    this.cells = [];
    this.cell = "";
    this.touched = false;
  }

  /** Feeds the next chunk of text. */
  write(chunk: string): void {
    let input = chunk;
    if (this.first && input.length > 0) {
      this.first = false;
      if (input.charCodeAt(0) === 0xfeff) input = input.slice(1);
    }
    let i = 0;
    const n = input.length;
    if (this.crPending && n > 0) {
      this.crPending = false;
      if (input[0] === "\n") i = 1;
    }
    if (this.quotePending && n > 0) {
      this.quotePending = false;
      if (input[0] === '"') {
        this.cell += '"';
        i += 1;
      } else this.quoted = false;
    }
    for (; i < n; i += 1) {
      const ch = input[i] as string;
      if (this.quoted) {
        if (ch === '"') {
          if (i + 1 === n) {
            this.quotePending = true;
          } else if (input[i + 1] === '"') {
            this.cell += '"';
            i += 1;
          } else this.quoted = false;
        } else {
          // Copy the run of plain characters at once.
          let j = i;
          while (j < n && input[j] !== '"') {
            if (input[j] === "\n") this.line += 1;
            j += 1;
          }
          this.cell += input.slice(i, j);
          i = j - 1;
        }
      } else if (ch === '"') {
        this.quoted = true;
        this.touched = true;
      } else if (ch === ",") {
        this.cells.push(this.cell);
        this.cell = "";
        this.touched = true;
      } else if (ch === "\n" || ch === "\r") {
        if (ch === "\r") {
          if (i + 1 === n) this.crPending = true;
          else if (input[i + 1] === "\n") i += 1;
        }
        this.endRecord();
        this.line += 1;
        this.startLine = this.line;
      } else {
        if (!this.touched && this.cells.length === 0) this.startLine = this.line;
        let j = i;
        while (j < n) {
          const c = input[j];
          if (c === '"' || c === "," || c === "\n" || c === "\r") break;
          j += 1;
        }
        this.cell += input.slice(i, j);
        this.touched = true;
        i = j - 1;
      }
    }
  }

  /** Ends the text: the last record, or the unterminated quote. */
  end(): void {
    if (this.quotePending) {
      this.quotePending = false;
      this.quoted = false;
    }
    if (this.quoted) {
      this.emit({ line: this.startLine, error: "a quoted cell is never closed" });
      return;
    }
    this.endRecord();
  }
}

/**
 * Splits RFC 4180 CSV text (quoted cells, doubled quotes, newlines inside quotes, CRLF) into records.
 * Blank lines are skipped; an unterminated quote makes the rest of the text one unreadable record.
 * @returns every record in order, with the line it started on
 */
export const readCsv = (text: string): CsvRecord[] => {
  const records: CsvRecord[] = [];
  const stream = new CsvStream((r) => records.push(r));
  stream.write(text);
  stream.end();
  return records;
};
