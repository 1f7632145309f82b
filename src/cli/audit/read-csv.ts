/** One parsed CSV line: its 1-based line number and its cells, or why it could not be read. */
export type CsvRecord =
  | { readonly line: number; readonly cells: readonly string[] }
  | { readonly line: number; readonly error: string };

/**
 * Splits RFC 4180 CSV text (quoted cells, doubled quotes, newlines inside quotes, CRLF) into records.
 * Blank lines are skipped; an unterminated quote makes the rest of the text one unreadable record.
 * @returns every record in order, with the line it started on
 */
export const readCsv = (text: string): CsvRecord[] => {
  const records: CsvRecord[] = [];
  const input = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  let cells: string[] = [];
  let cell = "";
  let line = 1;
  let startLine = 1;
  let quoted = false;
  let touched = false;
  const endRecord = (): void => {
    if (touched || cells.length > 0) {
      cells.push(cell);
      records.push({ line: startLine, cells });
    }
    cells = [];
    cell = "";
    touched = false;
  };
  for (let i = 0; i < input.length; i += 1) {
    const ch = input[i] as string;
    if (quoted) {
      if (ch === '"') {
        if (input[i + 1] === '"') {
          cell += '"';
          i += 1;
        } else quoted = false;
      } else {
        if (ch === "\n") line += 1;
        cell += ch;
      }
    } else if (ch === '"') {
      quoted = true;
      touched = true;
    } else if (ch === ",") {
      cells.push(cell);
      cell = "";
      touched = true;
    } else if (ch === "\n" || ch === "\r") {
      if (ch === "\r" && input[i + 1] === "\n") i += 1;
      endRecord();
      line += 1;
      startLine = line;
    } else {
      if (!touched && cells.length === 0) startLine = line;
      cell += ch;
      touched = true;
    }
  }
  if (quoted) {
    records.push({ line: startLine, error: "a quoted cell is never closed" });
    return records;
  }
  endRecord();
  return records;
};
