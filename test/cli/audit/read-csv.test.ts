import { fc, test } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import { readCsv } from "../../../src/cli/audit/read-csv.js";
import { readCsvTable } from "../../../src/cli/audit/read-csv-table.js";

const encodeCell = (cell: string): string =>
  /[",\r\n]/.test(cell) || cell === "" ? `"${cell.replace(/"/g, '""')}"` : cell;

describe("readCsv", () => {
  it("reads quoted cells, doubled quotes, newlines inside quotes and CRLF", () => {
    const text = 'a,b\r\n"x, y","say ""hi""\nthere"\r\n\r\nlast,\n';
    expect(readCsv(text)).toEqual([
      { line: 1, cells: ["a", "b"] },
      { line: 2, cells: ["x, y", 'say "hi"\nthere'] },
      { line: 5, cells: ["last", ""] },
    ]);
  });

  it("reports an unterminated quote as an unreadable record", () => {
    expect(readCsv('a,b\n"open,1\n2,3\n')).toEqual([
      { line: 1, cells: ["a", "b"] },
      { line: 2, error: "a quoted cell is never closed" },
    ]);
  });

  test.prop([
    fc.array(
      fc.array(fc.string({ unit: "grapheme", maxLength: 8 }), { minLength: 2, maxLength: 4 }),
      {
        minLength: 1,
        maxLength: 10,
      },
    ),
  ])("reads back what was written (quoted cells round-trip)", (rows) => {
    const width = rows[0]?.length ?? 0;
    const table = rows.map((r) => Array.from({ length: width }, (_, i) => r[i] ?? "x"));
    const text = table.map((r) => r.map(encodeCell).join(",")).join("\r\n");
    const read = readCsv(text);
    expect(read.map((r) => ("cells" in r ? r.cells : r.error))).toEqual(table);
  });

  test.prop([fc.string({ unit: "binary", maxLength: 200 })])("never throws", (text) => {
    expect(Array.isArray(readCsv(text))).toBe(true);
  });
});

describe("readCsvTable", () => {
  it("lists rows with the wrong number of columns as unreadable and keeps the rest", () => {
    const result = readCsvTable("Run ID,Status\n251007-070457,Completed\n251007-070458\n", "t.csv");
    const table = result._unsafeUnwrap();
    expect(table.rows).toEqual([
      { id: "csv-2", fields: { "Run ID": "251007-070457", Status: "Completed" } },
    ]);
    expect(table.unreadable).toEqual([
      { table: "?", source: "t.csv", position: "line 3", reason: "expected 2 columns, found 1" },
    ]);
  });

  it("takes record IDs and created times from their columns when present", () => {
    const text = "Record ID,Created,Run ID\nrecX,2025-10-07T07:00:00Z,251007-070457\n";
    expect(readCsvTable(text, "t.csv")._unsafeUnwrap().rows).toEqual([
      { id: "recX", createdTime: "2025-10-07T07:00:00Z", fields: { "Run ID": "251007-070457" } },
    ]);
  });

  it("refuses a file without a header row", () => {
    const result = readCsvTable("\n\n", "empty.csv");
    expect(result._unsafeUnwrapErr()).toMatchObject({ type: "input", path: "empty.csv" });
    expect(result._unsafeUnwrapErr().message).toContain("no CSV header row");
  });
});
