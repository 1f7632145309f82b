/**
 * What a streamed Airtable JSON export yields: each record value with its table (`undefined` for
 * the records of a single-table file) and position, and the file's shape once it has ended.
 */
export interface JsonExportSink {
  /** One element of a `records` array, parsed. */
  record(table: string | undefined, index: number, value: unknown): void;
}

/** The shape of a whole export, known at its end. */
export interface JsonExportShape {
  /** True when the file is one table (`[...]` or `{ "records": [...] }`). */
  readonly single: boolean;
  /** True when the file is a bare array. */
  readonly rootArray: boolean;
  /** Tables of a multi-table file, in order, with whether each held a records array. */
  readonly tables: readonly { readonly name: string; readonly hasRecords: boolean }[];
  /** Records seen in all. */
  readonly records: number;
}

type Role = "root-object" | "table-object" | "records";

interface Frame {
  readonly role: Role;
  readonly table: string | undefined;
  /** Expecting: a key (or `}`), `:`, a value, or `,`/close. */
  state: "key" | "colon" | "value" | "after";
  key?: string;
  index: number;
  /** True until the first element or member. */
  empty: boolean;
}

const WS = new Set([0x20, 0x09, 0x0a, 0x0d]);

/** An error in the JSON text, at a character offset. */
export class JsonShapeError {
  /** @param offset - characters from the start of the text */
  constructor(
    readonly offset: number,
    readonly reason: string,
  ) {}
}

/**
 * Reads an Airtable list export as a stream of text chunks, holding at most one record's text at
 * a time: `[records…]`, `{ "records": [...] }` (other keys such as `offset` ignored) or
 * `{ "<table>": { "records": [...] } | [...], … }`. The structure around the records is checked
 * character by character; each record is parsed with JSON.parse. Errors are returned, not thrown.
 */
export class JsonExportStream {
  private readonly stack: Frame[] = [];
  private started = false;
  private ended = false;
  private offset = 0;
  private records = 0;
  private single = false;
  private rootArray = false;
  private readonly tables: { name: string; hasRecords: boolean }[] = [];
  // The value being captured (a record, or a value whose content is skipped).
  private capture: string[] | undefined;
  private captureKind: "container" | "string" | "scalar" = "container";
  private depth = 0;
  private inString = false;
  private escaped = false;
  private captureFor: ((text: string, at: number) => JsonShapeError | undefined) | undefined;
  private captureStart = 0;
  // A key being read at a structural level.
  private keyText: string[] | undefined;
  private keyEscaped = false;
  private keyStart = 0;

  constructor(private readonly sink: JsonExportSink) {}

  /** Feeds the next chunk of text; returns the first error, if any (stop feeding then). */
  write(chunk: string): JsonShapeError | undefined {
    let i = 0;
    const n = chunk.length;
    while (i < n) {
      if (this.capture !== undefined) {
        const end = this.scanCapture(chunk, i);
        if (end < 0) {
          this.capture.push(chunk.slice(i));
          break;
        }
        this.capture.push(chunk.slice(i, end));
        const text = this.capture.join("");
        this.capture = undefined;
        const done = this.captureFor;
        this.captureFor = undefined;
        const problem = done?.(text, this.captureStart);
        if (problem !== undefined) return problem;
        i = end;
        continue;
      }
      if (this.keyText !== undefined) {
        const end = this.scanKey(chunk, i);
        if (end < 0) {
          this.keyText.push(chunk.slice(i));
          break;
        }
        this.keyText.push(chunk.slice(i, end));
        let key: unknown;
        try {
          key = JSON.parse(this.keyText.join(""));
        } catch {
          return new JsonShapeError(this.keyStart, "a malformed key");
        }
        this.keyText = undefined;
        const frame = this.stack[this.stack.length - 1] as Frame;
        frame.key = key as string;
        frame.state = "colon";
        i = end;
        continue;
      }
      const c = chunk.charCodeAt(i);
      if (WS.has(c)) {
        i += 1;
        continue;
      }
      const at = this.offset + i;
      const problem = this.structural(chunk, i, c, at);
      if (problem !== undefined) return problem;
      if (this.capture === undefined && this.keyText === undefined) i += 1;
      else if (this.keyText !== undefined) i += 1;
      // A capture starts at i itself (the value's first character is part of it).
    }
    this.offset += n;
    return undefined;
  }

  /** Ends the stream; returns the shape, or the error when the text is incomplete or not an export. */
  end(): JsonExportShape | JsonShapeError {
    if (this.capture !== undefined && this.captureKind === "scalar" && this.stack.length === 0) {
      return new JsonShapeError(0, "expected an object or an array of records");
    }
    if (!this.started) return new JsonShapeError(this.offset, "the file is empty");
    if (!this.ended || this.capture !== undefined || this.keyText !== undefined) {
      return new JsonShapeError(this.offset, "the text ends before the JSON does");
    }
    return {
      single: this.single,
      rootArray: this.rootArray,
      tables: this.tables,
      records: this.records,
    };
  }

  private structural(chunk: string, i: number, c: number, at: number): JsonShapeError | undefined {
    if (this.ended) return new JsonShapeError(at, "text after the end of the JSON value");
    const frame = this.stack[this.stack.length - 1];
    if (frame === undefined) {
      this.started = true;
      if (c === 0x5b /* [ */) {
        this.single = true;
        this.rootArray = true;
        this.push("records", undefined);
        return undefined;
      }
      if (c === 0x7b /* { */) {
        this.push("root-object", undefined);
        return undefined;
      }
      return new JsonShapeError(at, "expected an object or an array of records");
    }
    if (frame.role === "records") {
      if (frame.state === "after") {
        if (c === 0x2c /* , */) {
          frame.state = "value";
          return undefined;
        }
        if (c === 0x5d /* ] */) return this.pop();
        return new JsonShapeError(at, "expected ',' or ']' between records");
      }
      if (c === 0x5d && frame.empty) return this.pop();
      const index = frame.index;
      frame.index += 1;
      frame.empty = false;
      frame.state = "after";
      return this.startCapture(chunk, i, at, (text, start) => {
        let value: unknown;
        try {
          value = JSON.parse(text);
        } catch (cause) {
          const detail = cause instanceof Error ? cause.message : String(cause);
          return new JsonShapeError(start, `a record that is not valid JSON (${detail})`);
        }
        this.records += 1;
        this.sink.record(frame.table, index, value);
        return undefined;
      });
    }
    // An object at the root or a table object.
    if (frame.state === "key") {
      if (c === 0x7d /* } */ && frame.empty) return this.pop();
      if (c !== 0x22 /* " */) return new JsonShapeError(at, "expected a quoted key");
      this.keyText = ['"'];
      this.keyStart = at;
      this.keyEscaped = false;
      return undefined;
    }
    if (frame.state === "colon") {
      if (c !== 0x3a /* : */) return new JsonShapeError(at, "expected ':' after a key");
      frame.state = "value";
      return undefined;
    }
    if (frame.state === "after") {
      if (c === 0x2c) {
        frame.state = "key";
        return undefined;
      }
      if (c === 0x7d) return this.pop();
      return new JsonShapeError(at, "expected ',' or '}'");
    }
    // A member's value.
    frame.empty = false;
    frame.state = "after";
    const key = frame.key as string;
    if (frame.role === "root-object") {
      if (key === "records") {
        this.single = true;
        if (c === 0x5b) {
          this.push("records", undefined);
          return undefined;
        }
        return this.skip(chunk, i, at);
      }
      const table = { name: key, hasRecords: false };
      this.tables.push(table);
      if (c === 0x5b) {
        table.hasRecords = true;
        this.push("records", key);
        return undefined;
      }
      if (c === 0x7b) {
        this.push("table-object", key);
        return undefined;
      }
      return this.skip(chunk, i, at);
    }
    // A table object: its records array; other members are skipped.
    if (key === "records" && c === 0x5b) {
      const table = this.tables[this.tables.length - 1];
      if (table !== undefined) table.hasRecords = true;
      this.push("records", frame.table);
      return undefined;
    }
    return this.skip(chunk, i, at);
  }

  private push(role: Role, table: string | undefined): void {
    this.stack.push({
      role,
      table,
      state: role === "records" ? "value" : "key",
      index: 0,
      empty: true,
    });
  }

  private pop(): undefined {
    this.stack.pop();
    if (this.stack.length === 0) this.ended = true;
    return undefined;
  }

  private skip(chunk: string, i: number, at: number): JsonShapeError | undefined {
    return this.startCapture(chunk, i, at, (text, start) => {
      try {
        JSON.parse(text);
        return undefined;
      } catch {
        return new JsonShapeError(start, "a value that is not valid JSON");
      }
    });
  }

  private startCapture(
    _chunk: string,
    _i: number,
    at: number,
    done: (text: string, at: number) => JsonShapeError | undefined,
  ): undefined {
    this.capture = [];
    this.captureFor = done;
    this.captureStart = at;
    this.depth = 0;
    this.inString = false;
    this.escaped = false;
    const first = _chunk.charCodeAt(_i);
    this.captureKind =
      first === 0x7b || first === 0x5b ? "container" : first === 0x22 ? "string" : "scalar";
    return undefined;
  }

  /** Finds where the captured value ends in `chunk` from `i`: the index after it, or -1. */
  private scanCapture(chunk: string, from: number): number {
    const n = chunk.length;
    let i = from;
    if (this.captureKind === "scalar") {
      while (i < n) {
        const c = chunk.charCodeAt(i);
        if (c === 0x2c || c === 0x5d || c === 0x7d || WS.has(c)) return i;
        i += 1;
      }
      return -1;
    }
    while (i < n) {
      const c = chunk.charCodeAt(i);
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (c === 0x5c /* \ */) this.escaped = true;
        else if (c === 0x22) {
          this.inString = false;
          if (this.captureKind === "string") return i + 1;
        }
      } else if (c === 0x22) this.inString = true;
      else if (c === 0x7b || c === 0x5b) this.depth += 1;
      else if (c === 0x7d || c === 0x5d) {
        this.depth -= 1;
        if (this.depth === 0) return i + 1;
      }
      i += 1;
    }
    return -1;
  }

  /** Finds the end of a key string started earlier (its opening quote is already taken). */
  private scanKey(chunk: string, from: number): number {
    for (let i = from; i < chunk.length; i += 1) {
      const c = chunk.charCodeAt(i);
      if (this.keyEscaped) this.keyEscaped = false;
      else if (c === 0x5c) this.keyEscaped = true;
      else if (c === 0x22) return i + 1;
    }
    return -1;
  }
}
